import { InitialSchema1795629977486 } from './1795629977486-InitialSchema';

/** Every migration, in order. A new migration is added here after `npm run migration:generate`. */
export const migrations: Function[] = [InitialSchema1795629977486];
