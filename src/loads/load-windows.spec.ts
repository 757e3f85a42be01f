import { windowProblems } from './load-windows';

const at = (hour: number) => new Date(Date.UTC(2026, 10, 25, hour));

describe('windowProblems', () => {
  it('accepts consistent windows', () => {
    expect(windowProblems({ pickupStart: at(8), pickupEnd: at(12), deliveryStart: at(20), deliveryEnd: at(23) })).toEqual([]);
  });

  it('accepts a delivery window that overlaps the pickup window but ends after pickup starts', () => {
    expect(windowProblems({ pickupStart: at(8), pickupEnd: at(12), deliveryStart: at(7), deliveryEnd: at(9) })).toEqual([]);
  });

  it('rejects a pickup window that ends when or before it starts', () => {
    expect(windowProblems({ pickupStart: at(8), pickupEnd: at(8), deliveryStart: at(20), deliveryEnd: at(23) })).toEqual([
      { field: 'pickupWindow.end', messages: ['pickupWindow.end must be after pickupWindow.start'] },
    ]);
  });

  it('rejects a reversed delivery window', () => {
    const problems = windowProblems({ pickupStart: at(8), pickupEnd: at(12), deliveryStart: at(23), deliveryEnd: at(20) });
    expect(problems.map((p) => p.messages[0])).toEqual(['deliveryWindow.end must be after deliveryWindow.start']);
  });

  it('rejects a delivery that ends before pickup starts', () => {
    const problems = windowProblems({ pickupStart: at(8), pickupEnd: at(12), deliveryStart: at(5), deliveryEnd: at(7) });
    expect(problems).toEqual([{ field: 'deliveryWindow.end', messages: ['deliveryWindow.end must be after pickupWindow.start'] }]);
  });
});
