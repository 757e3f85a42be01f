import { availabilityConflict, deletionConflict } from './driver-load-rules';

describe('availabilityConflict', () => {
  it('allows making a driver with no active load available', () => {
    expect(availabilityConflict(true, { active: 0, total: 5 })).toBeNull();
  });

  it('refuses making a driver with an active load available', () => {
    expect(availabilityConflict(true, { active: 1, total: 1 })).toMatch(/cannot be made available/);
  });

  it('always allows taking a driver off duty, or leaving availability alone', () => {
    expect(availabilityConflict(false, { active: 2, total: 2 })).toBeNull();
    expect(availabilityConflict(undefined, { active: 2, total: 2 })).toBeNull();
  });
});

describe('deletionConflict', () => {
  it('allows deleting a driver who never had a load', () => {
    expect(deletionConflict({ active: 0, total: 0 })).toBeNull();
  });

  it('refuses while a load is active, saying so', () => {
    expect(deletionConflict({ active: 1, total: 3 })).toMatch(/assigned or in-transit/);
  });

  it('refuses when only past loads reference the driver', () => {
    expect(deletionConflict({ active: 0, total: 3 })).toMatch(/3 past load/);
  });
});
