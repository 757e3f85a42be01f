import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from './auth/decorators';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

function operationsOf(document: OpenAPIObject): Array<{ path: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ path, operation: item[method] }] : [])),
  );
}

/**
 * Public operations (@Public) answer without a token, but the document requires bearer
 * globally: each says so with an empty security requirement. Nest's explorer drops an empty
 * security array, hence the marker extension, replaced here.
 */
function declarePublicOperations(document: OpenAPIObject): void {
  for (const { operation } of operationsOf(document)) {
    const marked = operation as Operation & Record<string, unknown>;
    if (marked[PUBLIC_OPERATION_EXTENSION] !== true) continue;
    delete marked[PUBLIC_OPERATION_EXTENSION];
    operation.security = [];
  }
}

/**
 * A handler served under several paths (@Controller(['loads', 'shipments'])) gets operationIds
 * such as LoadsController_list[0] and [1]; brackets break client generators. The first path
 * keeps the plain id, every other is suffixed with the path segment where it differs:
 * LoadsController_list_shipments.
 */
function renameAliasOperationIds(document: OpenAPIObject): void {
  const aliased = new Map<string, Array<{ index: number; path: string; operation: Operation }>>();
  for (const { path, operation } of operationsOf(document)) {
    const match = /^(.+)\[(\d+)\]$/.exec(operation.operationId ?? '');
    if (!match) continue;
    const group = aliased.get(match[1]) ?? [];
    group.push({ index: Number(match[2]), path, operation });
    aliased.set(match[1], group);
  }
  for (const [base, group] of aliased) {
    group.sort((a, b) => a.index - b.index);
    const first = group[0].path.split('/');
    for (const { index, path, operation } of group) {
      const segments = path.split('/');
      const differing = segments.find((segment, i) => segment !== first[i]);
      operation.operationId = index === group[0].index || !differing ? base : `${base}_${differing.replace(/\W+/g, '_')}`;
    }
  }
}

/** What Nest's document generator leaves out; the result is what /docs-json serves. */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  declarePublicOperations(document);
  renameAliasOperationIds(document);
  return document;
}
