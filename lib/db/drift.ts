import "server-only";
import type { Datamodel, Field, FieldDefaultScalar, Index, Model } from "@prisma/dmmf";

// Compares the Prisma schema (its DMMF, written next to the generated client by
// scripts/prisma-datamodel-generator.mjs) with a live database catalog. Our
// migrations are hand-written SQL, so this is what proves they say the same thing.

export interface Queryable {
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
}

/** Tables that exist by design without a model. */
const TABLES_WITHOUT_MODEL = new Set(["_prisma_migrations"]);

interface CatalogColumn {
  table_name: string;
  column_name: string;
  column_type: string;
  not_null: boolean;
  column_default: string | null;
}

interface CatalogIndex {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
}

interface CatalogEnumValue {
  enum_name: string;
  value: string;
}

export interface Catalog {
  tables: Set<string>;
  columns: Map<string, CatalogColumn>;
  indexes: Map<string, CatalogIndex>;
  enums: Map<string, string[]>;
}

export async function readCatalog(db: Queryable): Promise<Catalog> {
  // One query at a time: a single pg client does not pipeline.
  const tables = await db.query<{ table_name: string }>(`
      SELECT c.relname AS table_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`);
  const columns = await db.query<CatalogColumn>(`
      SELECT c.relname AS table_name, a.attname AS column_name,
             format_type(a.atttypid, a.atttypmod) AS column_type, a.attnotnull AS not_null,
             pg_get_expr(d.adbin, d.adrelid) AS column_default
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`);
  // Indexes that back exclusion constraints are database-only guarantees the
  // schema language cannot express, so they are not part of the comparison.
  const indexes = await db.query<CatalogIndex>(`
      SELECT tbl.relname AS table_name, idx.relname AS index_name,
             ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
             ARRAY(
               SELECT a.attname::text
               FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum = k.attnum
               ORDER BY k.ord
             ) AS columns
      FROM pg_index ix
      JOIN pg_class idx ON idx.oid = ix.indexrelid
      JOIN pg_class tbl ON tbl.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = tbl.relnamespace
      WHERE n.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype = 'x')`);
  const enumValues = await db.query<CatalogEnumValue>(`
      SELECT t.typname AS enum_name, e.enumlabel AS value
      FROM pg_type t
      JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema()
      ORDER BY t.typname, e.enumsortorder`);

  const enums = new Map<string, string[]>();
  for (const { enum_name, value } of enumValues.rows) {
    enums.set(enum_name, [...(enums.get(enum_name) ?? []), value]);
  }
  return {
    tables: new Set(tables.rows.map((row) => row.table_name)),
    columns: new Map(columns.rows.map((column) => [`${column.table_name}.${column.column_name}`, column])),
    indexes: new Map(indexes.rows.map((index) => [`${index.table_name}.${index.index_name}`, index])),
    enums,
  };
}

export function findSchemaDrift(datamodel: Datamodel, catalog: Catalog): string[] {
  const problems: string[] = [];
  const enumDbNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));

  for (const prismaEnum of datamodel.enums) {
    const name = prismaEnum.dbName ?? prismaEnum.name;
    const expected = prismaEnum.values.map((value) => value.dbName ?? value.name);
    const actual = catalog.enums.get(name);
    if (!actual) problems.push(`enum ${name}: missing in the database`);
    else if (actual.join(",") !== expected.join(",")) {
      problems.push(`enum ${name}: values are [${actual.join(", ")}] in the database, [${expected.join(", ")}] in the schema`);
    }
  }
  for (const name of catalog.enums.keys()) {
    if (![...enumDbNames.values()].includes(name)) problems.push(`enum ${name}: in the database but not in the schema`);
  }

  const modelTables = new Set(datamodel.models.map(tableName));
  for (const table of catalog.tables) {
    if (!modelTables.has(table) && !TABLES_WITHOUT_MODEL.has(table)) {
      problems.push(`table ${table}: in the database but not in the schema`);
    }
  }

  for (const model of datamodel.models) {
    const table = tableName(model);
    if (!catalog.tables.has(table)) {
      problems.push(`table ${table}: missing in the database`);
      continue;
    }
    problems.push(...compareColumns(model, catalog, enumDbNames));
  }

  problems.push(...compareIndexes(datamodel, catalog));
  return problems;
}

export function formatDrift(problems: string[]): string {
  if (problems.length === 0) return "The database matches the Prisma schema.";
  return [
    `The database differs from prisma/schema.prisma in ${problems.length} place(s):`,
    ...problems.map((problem) => `  - ${problem}`),
    "Write a migration that makes them agree (prisma/migrations/<timestamp>_<name>/migration.sql).",
  ].join("\n");
}

function tableName(model: Model): string {
  return model.dbName ?? model.name;
}

function columnName(field: Field): string {
  return field.dbName ?? field.name;
}

function compareColumns(model: Model, catalog: Catalog, enumDbNames: Map<string, string>): string[] {
  const table = tableName(model);
  const problems: string[] = [];
  const scalarFields = model.fields.filter((field) => field.kind === "scalar" || field.kind === "enum");

  for (const field of scalarFields) {
    const where = `${table}.${columnName(field)}`;
    const column = catalog.columns.get(where);
    if (!column) {
      problems.push(`column ${where}: missing in the database`);
      continue;
    }
    const type = expectedColumnType(field, enumDbNames);
    if (normalizeType(column.column_type) !== type) {
      problems.push(`column ${where}: type is ${column.column_type} in the database, ${type} in the schema`);
    }
    // Prisma creates scalar lists as nullable columns even when the field is required.
    const expectNotNull = field.isRequired && !field.isList;
    if (column.not_null !== expectNotNull) {
      problems.push(
        `column ${where}: ${column.not_null ? "NOT NULL" : "nullable"} in the database, ${expectNotNull ? "required" : "optional"} in the schema`,
      );
    }
    const expectedDefault = expectedColumnDefault(field, type);
    const actualDefault = normalizeDefault(column.column_default);
    if (actualDefault !== expectedDefault) {
      problems.push(
        `column ${where}: default is ${actualDefault ?? "none"} in the database, ${expectedDefault ?? "none"} in the schema`,
      );
    }
  }

  const known = new Set(scalarFields.map(columnName));
  for (const column of catalog.columns.values()) {
    if (column.table_name === table && !known.has(column.column_name)) {
      problems.push(`column ${table}.${column.column_name}: in the database but not in the schema`);
    }
  }
  return problems;
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  Decimal: "numeric(65,30)",
  Json: "jsonb",
  Bytes: "bytea",
  DateTime: "timestamp(3) without time zone",
};

function expectedColumnType(field: Field, enumDbNames: Map<string, string>): string {
  const base = field.kind === "enum" ? (enumDbNames.get(field.type) ?? field.type) : nativeType(field);
  return field.isList ? `${base}[]` : base;
}

function nativeType(field: Field): string {
  const [name, args] = field.nativeType ?? [];
  const precision = args?.[0];
  switch (name) {
    case undefined:
      return SCALAR_TYPES[field.type] ?? field.type;
    case "Timestamptz":
      return `timestamp(${precision ?? 3}) with time zone`;
    case "Timestamp":
      return `timestamp(${precision ?? 3}) without time zone`;
    case "Date":
      return "date";
    case "Text":
      return "text";
    case "VarChar":
      return precision ? `character varying(${precision})` : "character varying";
    case "Uuid":
      return "uuid";
    default:
      return `${name.toLowerCase()}${args && args.length > 0 ? `(${args.join(",")})` : ""}`;
  }
}

function normalizeType(type: string): string {
  return type.replaceAll('"', "");
}

/** The default the database should hold; null where Prisma fills it in itself (cuid(), @updatedAt). */
function expectedColumnDefault(field: Field, columnType: string): string | null {
  const fieldDefault = field.default;
  if (fieldDefault === undefined) return null;
  if (isListDefault(fieldDefault)) {
    return fieldDefault.length === 0 ? `ARRAY[]::${columnType}` : `ARRAY[${fieldDefault.map(String).join(",")}]`;
  }
  if (typeof fieldDefault === "object") {
    switch (fieldDefault.name) {
      case "autoincrement":
        return "nextval()";
      case "now":
        return "CURRENT_TIMESTAMP";
      default:
        return null;
    }
  }
  if (typeof fieldDefault === "string") return `'${fieldDefault}'`;
  return String(fieldDefault);
}

function isListDefault(value: NonNullable<Field["default"]>): value is readonly FieldDefaultScalar[] {
  return Array.isArray(value);
}

function normalizeDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (expression.startsWith("nextval(")) return "nextval()";
  // `'BOOKED'::"AppointmentStatus"` and `''::text` compare by their literal.
  const literal = /^('(?:[^']|'')*')::[\w" ]+$/.exec(expression);
  if (literal?.[1]) return literal[1];
  return expression.replaceAll('"', "");
}

function compareIndexes(datamodel: Datamodel, catalog: Catalog): string[] {
  const problems: string[] = [];
  const expected = new Map<string, CatalogIndex>();
  const models = new Map(datamodel.models.map((model) => [model.name, model]));

  for (const index of datamodel.indexes) {
    const model = models.get(index.model);
    if (!model) continue;
    const spec = expectedIndex(model, index);
    expected.set(`${spec.table_name}.${spec.index_name}`, spec);
  }

  for (const [key, spec] of expected) {
    const actual = catalog.indexes.get(key);
    const kind = spec.is_primary ? "primary key" : spec.is_unique ? "unique index" : "index";
    if (!actual) {
      problems.push(`${kind} ${spec.index_name} on ${spec.table_name}(${spec.columns.join(", ")}): missing in the database`);
      continue;
    }
    if (actual.columns.join(",") !== spec.columns.join(",")) {
      problems.push(
        `${kind} ${spec.index_name}: covers (${actual.columns.join(", ")}) in the database, (${spec.columns.join(", ")}) in the schema`,
      );
    }
    if (actual.is_unique !== spec.is_unique || actual.is_primary !== spec.is_primary) {
      problems.push(`${kind} ${spec.index_name}: is ${describeIndex(actual)} in the database`);
    }
  }
  const modelTables = new Set(datamodel.models.map(tableName));
  for (const [key, actual] of catalog.indexes) {
    // A table without a model is reported once, as a table.
    if (!expected.has(key) && modelTables.has(actual.table_name)) {
      problems.push(
        `${describeIndex(actual)} ${actual.index_name} on ${actual.table_name}(${actual.columns.join(", ")}): in the database but not in the schema`,
      );
    }
  }
  return problems;
}

function expectedIndex(model: Model, index: Index): CatalogIndex {
  const table = tableName(model);
  const fieldsByName = new Map(model.fields.map((field) => [field.name, field]));
  const columns = index.fields.map((indexField) => {
    const field = fieldsByName.get(indexField.name);
    return field ? columnName(field) : indexField.name;
  });
  const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
  const defaultName = index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`;
  return {
    table_name: table,
    index_name: index.dbName ?? defaultName,
    is_unique: index.type === "id" || index.type === "unique",
    is_primary: index.type === "id",
    columns,
  };
}

function describeIndex(index: CatalogIndex): string {
  return index.is_primary ? "primary key" : index.is_unique ? "unique index" : "non-unique index";
}
