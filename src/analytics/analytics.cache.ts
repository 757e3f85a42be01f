/**
 * Analytics is cached with a bounded freshness: a figure at most this old. No write clears
 * it, so a fleet's stream of lifecycle writes does not turn every dashboard read into a query.
 */
export const ANALYTICS_MAX_AGE_SECONDS = 60;
