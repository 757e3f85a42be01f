import { MAX_ERROR_DETAILS, MAX_ERROR_TEXT, MAX_MESSAGES_PER_DETAIL, summariseFieldErrors } from './field-error-summary';

describe('summariseFieldErrors', () => {
  it('collapses the same error on many array items into one counted detail, and keeps the indices of a few', () => {
    const errors = [
      ...Array.from({ length: 300 }, (_, i) => ({ field: `stops.${i}.lat`, messages: ['lat must be a number'] })),
      { field: 'stops.4.label', messages: ['label must be a string'] },
      { field: 'stops.9.label', messages: ['label must be a string'] },
      { field: 'loadId', messages: ['loadId must be a UUID'] },
    ];
    expect(summariseFieldErrors(errors)).toEqual({
      details: [
        { field: 'stops.*.lat', messages: ['lat must be a number'], count: 300 },
        { field: 'stops.4.label', messages: ['label must be a string'] },
        { field: 'stops.9.label', messages: ['label must be a string'] },
        { field: 'loadId', messages: ['loadId must be a UUID'] },
      ],
      omitted: 0,
    });
  });

  it('keeps the distinct messages of a collapsed detail, up to the limit', () => {
    const errors = Array.from({ length: 20 }, (_, i) => ({ field: `stops.${i}.lat`, messages: [`message ${i % 8}`, 'common'] }));
    const [detail] = summariseFieldErrors(errors).details;
    expect(detail.messages).toHaveLength(MAX_MESSAGES_PER_DETAIL);
    expect(detail.count).toBe(20);
  });

  it('keeps at most MAX_ERROR_DETAILS details and counts the rest', () => {
    const errors = Array.from({ length: 75 }, (_, i) => ({ field: `unknown${i}`, messages: [`property unknown${i} should not exist`] }));
    const summary = summariseFieldErrors(errors);
    expect(summary.details).toHaveLength(MAX_ERROR_DETAILS);
    expect(summary.omitted).toBe(75 - MAX_ERROR_DETAILS);
  });

  it('clips long field names and messages', () => {
    const key = 'k'.repeat(10_000);
    const [detail] = summariseFieldErrors([{ field: key, messages: [`property ${key} should not exist`] }]).details;
    expect(detail.field).toHaveLength(MAX_ERROR_TEXT);
    expect(detail.messages[0]).toHaveLength(MAX_ERROR_TEXT);
  });
});
