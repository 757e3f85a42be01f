import type { ChaosRig, ScenarioResult } from '../rig';
import { instancePartitioned } from './instance-partitioned';
import { redisEvicting } from './redis-evicting';
import { redisFrozen } from './redis-frozen';
import { redisRestarted } from './redis-restarted';
import type { ScenarioOptions } from './scenario-options';
import { writerKilled } from './writer-killed';

export { instancePartitioned, redisEvicting, redisFrozen, redisRestarted, writerKilled };
export { DEFAULT_SCENARIO_OPTIONS, type ScenarioOptions } from './scenario-options';

/** The five faults, by the id `npm run chaos -- --only` takes. */
export const SCENARIOS: Record<string, (rig: ChaosRig, options: ScenarioOptions) => Promise<ScenarioResult>> = {
  frozen: redisFrozen,
  eviction: redisEvicting,
  'writer-killed': writerKilled,
  restart: redisRestarted,
  partition: instancePartitioned,
};
