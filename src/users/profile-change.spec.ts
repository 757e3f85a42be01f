import { RequestValidationException } from '../common/validation';
import { planProfileChange } from './profile-change';

function detailsOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestValidationException) return error.details;
    throw error;
  }
  throw new Error('expected a RequestValidationException');
}

describe('planProfileChange', () => {
  it('keeps only the fields that were sent, null phone included', () => {
    expect(planProfileChange({ name: 'Dana' })).toEqual({ fields: { name: 'Dana' }, password: undefined });
    expect(planProfileChange({ phone: null })).toEqual({ fields: { phone: null }, password: undefined });
  });

  it('pairs the current and the new password', () => {
    expect(planProfileChange({ currentPassword: 'old', newPassword: 'new-password' })).toEqual({
      fields: {},
      password: { current: 'old', next: 'new-password' },
    });
  });

  it('rejects an empty body', () => {
    expect(detailsOf(() => planProfileChange({}))).toEqual([
      { field: 'body', messages: ['send at least one of name, phone, or currentPassword with newPassword'] },
    ]);
  });

  it('rejects a new password without the current one, and the reverse', () => {
    expect(detailsOf(() => planProfileChange({ newPassword: 'new-password' }))).toEqual([
      { field: 'currentPassword', messages: ['currentPassword and newPassword must be sent together'] },
    ]);
    expect(detailsOf(() => planProfileChange({ name: 'Dana', currentPassword: 'old' }))).toEqual([
      { field: 'newPassword', messages: ['currentPassword and newPassword must be sent together'] },
    ]);
  });
});
