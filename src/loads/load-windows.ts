import type { FieldErrorDto } from '../common/error-response';

/** The four instants of a load's pickup and delivery windows. */
export interface LoadWindows {
  pickupStart: Date;
  pickupEnd: Date;
  deliveryStart: Date;
  deliveryEnd: Date;
}

/**
 * What is wrong with a set of windows, as validation details (empty when consistent).
 * Checked on the merged values too, so a PATCH of one window cannot break the other.
 */
export function windowProblems(windows: LoadWindows): FieldErrorDto[] {
  const problems: FieldErrorDto[] = [];
  if (windows.pickupEnd <= windows.pickupStart) {
    problems.push({ field: 'pickupWindow.end', messages: ['pickupWindow.end must be after pickupWindow.start'] });
  }
  if (windows.deliveryEnd <= windows.deliveryStart) {
    problems.push({ field: 'deliveryWindow.end', messages: ['deliveryWindow.end must be after deliveryWindow.start'] });
  }
  if (windows.deliveryEnd <= windows.pickupStart) {
    problems.push({ field: 'deliveryWindow.end', messages: ['deliveryWindow.end must be after pickupWindow.start'] });
  }
  return problems;
}
