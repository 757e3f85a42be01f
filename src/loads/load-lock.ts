import { EntityManager } from 'typeorm';
import { loadNotFound } from './load-errors';
import { Load } from './load.entity';

/** Reads the load and holds its row lock until the transaction ends; 404 when missing. */
export async function lockLoad(manager: EntityManager, id: string): Promise<Load> {
  const load = await manager.getRepository(Load).createQueryBuilder('load').setLock('pessimistic_write').where('load.id = :id', { id }).getOne();
  if (!load) throw loadNotFound(id);
  return load;
}
