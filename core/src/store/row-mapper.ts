// Rows of raw SQL as entities, without the ORM's query building, identity map and change tracking:
// for the hot read paths (a request's session, channel, membership, the posts it lists), whose
// entities are only read and encoded. The mapping comes from the entity's own metadata, so it
// follows the entity definition: column names to property names, and PostgreSQL's bigint (which the
// driver returns as text) to numbers where the property is a number.
import type { EntityManager, EntityProperty } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;
type Mapper = (row: Row) => unknown;

const mappers = new WeakMap<object, Mapper>();

/** `rows` (as PostgreSQL returns them for `select *` of the entity's table) as instances of `entity`. */
export function mapRows<T extends object>(em: EntityManager, entity: new () => T, rows: readonly Row[]): T[] {
  return rows.map(mapperOf(em, entity)) as T[];
}

/** One row, or an object of the same keys (`to_jsonb(row)`, for several entities in one query), as an instance of `entity`. */
export function mapRow<T extends object>(em: EntityManager, entity: new () => T, row: Row): T {
  return mapperOf(em, entity)(row) as T;
}

function mapperOf<T extends object>(em: EntityManager, entity: new () => T): Mapper {
  let map = mappers.get(entity);
  if (!map) {
    map = mapperFor(em, entity);
    mappers.set(entity, map);
  }
  return map;
}

function mapperFor<T extends object>(em: EntityManager, entity: new () => T): Mapper {
  const meta = em.getMetadata().get<T>(entity);
  const fields = (Object.values(meta.properties) as EntityProperty<T>[])
    .filter((prop) => prop.fieldNames?.length === 1)
    .map((prop) => ({ property: prop.name as string, column: prop.fieldNames[0], numeric: prop.runtimeType === 'number' }));
  // The ORM gives an entity's prototype a setter per property (its change tracking), which an
  // assignment would run; plain data properties in between make each assignment an own property.
  const prototype = Object.create(entity.prototype) as object;
  for (const { property } of fields) Object.defineProperty(prototype, property, { value: undefined, writable: true, configurable: true });
  return (row) => {
    const instance = Object.create(prototype) as Record<string, unknown>;
    for (const { property, column, numeric } of fields) {
      const value = row[column];
      if (value === undefined) continue; // a formula the query did not select
      instance[property] = numeric && typeof value === 'string' ? Number(value) : value;
    }
    return instance;
  };
}
