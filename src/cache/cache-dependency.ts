/**
 * Cache dependencies, declared once per feature and used on both sides: a route's
 * @CachePolicy({ dependsOn }) and the feature's invalidation map. Names are checked for
 * uniqueness when declared, and neither side ever spells one out, so a typo cannot leave an
 * entry uncleared.
 */
const declared = new Set<string>();

function declare(name: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`Cache dependency name "${name}" must be lower-case letters, digits and dashes`);
  if (declared.has(name)) throw new Error(`Cache dependency "${name}" is declared twice`);
  declared.add(name);
}

/** The dependency name of one id of a keyed family: "load:<id>". */
export function dependencyKey(family: string, id: string): string {
  return `${family}:${id}`;
}

/** Where a route's keyed dependency takes its id from. */
export type DependencyTemplate =
  { readonly family: string; readonly from: 'param'; readonly param: string } | { readonly family: string; readonly from: 'caller' };

/** One dependency for a whole collection, e.g. every load list. */
export class CollectionDependency {
  constructor(readonly name: string) {
    declare(name);
  }

  /** The name that invalidation moves to a new generation. */
  get key(): string {
    return this.name;
  }
}

/** One dependency per id, e.g. one load's detail: "load:<id>". */
export class KeyedDependency {
  constructor(readonly family: string) {
    declare(family);
  }

  of(id: string): string {
    return dependencyKey(this.family, id);
  }

  /** On a route: the id is the route parameter of that name (checked against the route). */
  fromParam(param: string): DependencyTemplate {
    return { family: this.family, from: 'param', param };
  }

  /** On a route: the id is the caller's user id. */
  ofCaller(): DependencyTemplate {
    return { family: this.family, from: 'caller' };
  }
}

/** A request's query as Fastify parses it: a repeated parameter is an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

/** The distinct values of a query parameter, repeated or comma-separated, sorted. */
export function queryValues(query: RawQuery | undefined, name: string): string[] {
  const raw = query?.[name];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(',').map((s) => s.trim()));
  return [...new Set(values.filter(Boolean))].sort();
}

/**
 * On a list route: the dependencies its filter selects, so a write clears only the lists
 * whose membership it can change (e.g. the lists of a load's old and new status), not every
 * list. Built by the feature from its own declared families.
 */
export class QueryDependencies {
  constructor(readonly resolve: (query: RawQuery) => string[]) {}
}

export type RouteDependency = CollectionDependency | DependencyTemplate | QueryDependencies;
