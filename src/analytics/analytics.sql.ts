/**
 * The two analytics queries. Parameters:
 *   $1 range start (timestamptz, inclusive)  $2 range end (timestamptz, exclusive)
 *   $3 scoped to one driver (boolean)        $4 that driver's id (uuid, may be null: no loads)
 *   $5 first day (date)                       $6 last day (date)    -- daily only
 * Days are UTC days, whatever the session time zone.
 */

const SCOPE = `(NOT $3::boolean OR l.driver_id = $4::uuid)`;

export const SUMMARY_SQL = `
WITH scoped AS (
  SELECT l.status, l.rate_cents, l.delivered_at, l.picked_up_at, l.delivery_window_end,
         l.created_at >= $1 AND l.created_at < $2 AS created_in_range,
         l.status = 'delivered' AND l.delivered_at >= $1 AND l.delivered_at < $2 AS delivered_in_range
  FROM loads l
  WHERE ${SCOPE}
    AND ((l.created_at >= $1 AND l.created_at < $2) OR (l.delivered_at >= $1 AND l.delivered_at < $2))
)
SELECT
  count(*) FILTER (WHERE created_in_range AND status = 'posted')::int     AS posted,
  count(*) FILTER (WHERE created_in_range AND status = 'assigned')::int   AS assigned,
  count(*) FILTER (WHERE created_in_range AND status = 'in_transit')::int AS in_transit,
  count(*) FILTER (WHERE created_in_range AND status = 'delivered')::int  AS delivered,
  count(*) FILTER (WHERE created_in_range AND status = 'cancelled')::int  AS cancelled,
  coalesce(sum(rate_cents) FILTER (WHERE delivered_in_range), 0)::bigint  AS revenue_cents,
  count(*) FILTER (WHERE delivered_in_range)::int                         AS delivered_in_range,
  count(*) FILTER (WHERE delivered_in_range AND delivered_at <= delivery_window_end)::int AS on_time,
  avg(extract(epoch FROM delivered_at - picked_up_at) / 3600)
    FILTER (WHERE delivered_in_range AND picked_up_at IS NOT NULL)        AS average_transit_hours,
  (SELECT count(*)::int FROM drivers d WHERE NOT $3::boolean OR d.id = $4::uuid) AS drivers,
  (SELECT count(DISTINCT b.driver_id)::int FROM loads b
    WHERE b.status IN ('assigned', 'in_transit') AND (NOT $3::boolean OR b.driver_id = $4::uuid)) AS busy_drivers
FROM scoped`;

export const DAILY_SQL = `
WITH days AS (
  SELECT day::date AS day FROM generate_series($5::date, $6::date, interval '1 day') AS day
), created AS (
  SELECT (l.created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
  FROM loads l
  WHERE ${SCOPE} AND l.created_at >= $1 AND l.created_at < $2
  GROUP BY 1
), delivered AS (
  SELECT (l.delivered_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n, sum(l.rate_cents)::bigint AS revenue
  FROM loads l
  WHERE ${SCOPE} AND l.status = 'delivered' AND l.delivered_at >= $1 AND l.delivered_at < $2
  GROUP BY 1
)
SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
       coalesce(c.n, 0) AS created,
       coalesce(d.n, 0) AS delivered,
       coalesce(d.revenue, 0) AS revenue_cents
FROM days
LEFT JOIN created c ON c.day = days.day
LEFT JOIN delivered d ON d.day = days.day
ORDER BY days.day`;

export interface SummaryRow {
  posted: number;
  assigned: number;
  in_transit: number;
  delivered: number;
  cancelled: number;
  /** bigint: pg returns it as a string */
  revenue_cents: string;
  delivered_in_range: number;
  on_time: number;
  /** numeric or null */
  average_transit_hours: string | null;
  drivers: number;
  busy_drivers: number;
}

export interface DailyRow {
  date: string;
  created: number;
  delivered: number;
  revenue_cents: string;
}
