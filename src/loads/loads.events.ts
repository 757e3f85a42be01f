import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvent, LoadChangedEvent, LoadStatusChangedEvent } from '../common/domain-events';
import type { Load } from './load.entity';

type LoadChangeName = typeof DomainEvent.LoadCreated | typeof DomainEvent.LoadUpdated | typeof DomainEvent.LoadDeleted;
type LoadMoveName = typeof DomainEvent.LoadAssigned | typeof DomainEvent.LoadStatusChanged;

/**
 * Publishes the loads' domain events. Callers invoke it only after their transaction has
 * committed; emitAsync is awaited so listeners (cache invalidation, notifications) finish
 * before the response leaves.
 */
@Injectable()
export class LoadEvents {
  constructor(private readonly events: EventEmitter2) {}

  async changed(name: LoadChangeName, load: Pick<Load, 'id' | 'reference' | 'createdById'>): Promise<void> {
    const payload: LoadChangedEvent = { loadId: load.id, reference: load.reference, createdById: load.createdById };
    await this.events.emitAsync(name, payload);
  }

  async moved(name: LoadMoveName, payload: LoadStatusChangedEvent): Promise<void> {
    await this.events.emitAsync(name, payload);
  }
}
