import { UserRole } from '../users/user-role';
import { UserTokenState, UserTokenStates } from './user-token-states';

function setup(ttlMs = 1000) {
  let nowMs = 0;
  const rows = new Map<string, UserTokenState>([['u1', { version: 1, role: UserRole.Driver }]]);
  const reads: string[] = [];
  let failing = false;
  const states = new UserTokenStates(
    (id) => {
      reads.push(id);
      return failing ? Promise.reject(new Error('database down')) : Promise.resolve(rows.get(id) ?? null);
    },
    ttlMs,
    100,
    () => nowMs,
  );
  return {
    states,
    rows,
    reads,
    at: (ms: number) => (nowMs = ms),
    fail: (value: boolean) => (failing = value),
  };
}

describe('UserTokenStates', () => {
  it('reads a user once per TTL, however many requests ask', async () => {
    const { states, reads, at } = setup();
    await Promise.all([states.get('u1'), states.get('u1'), states.get('u1')]);
    at(999);
    expect(states.peek('u1')).toEqual({ version: 1, role: UserRole.Driver });
    expect(reads).toEqual(['u1']);
  });

  it('answers an unknown user as null, and remembers that too', async () => {
    const { states, reads } = setup();
    expect(await states.get('nobody')).toBeNull();
    expect(states.peek('nobody')).toBeNull();
    expect(reads).toEqual(['nobody']);
  });

  it('sees a change within two TTLs: answered from the old copy while one read refreshes it', async () => {
    const { states, rows, at } = setup();
    await states.get('u1');
    rows.set('u1', { version: 2, role: UserRole.Driver });
    at(1500);
    expect(states.peek('u1')?.version).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(states.peek('u1')?.version).toBe(2);
  });

  it('waits for the database once the copy is two TTLs old, and fails with it', async () => {
    const { states, at, fail } = setup();
    await states.get('u1');
    fail(true);
    at(2000);
    expect(states.peek('u1')).toBeUndefined();
    await expect(states.get('u1')).rejects.toThrow('database down');
  });

  it('forgets a user at once, even when a read that began before the change is still running', async () => {
    const { states, rows } = setup();
    const early = states.get('u1');
    rows.set('u1', { version: 2, role: UserRole.Dispatcher });
    states.forget('u1');
    await early;
    expect(states.peek('u1')).toBeUndefined();
    expect(await states.get('u1')).toEqual({ version: 2, role: UserRole.Dispatcher });
  });
});
