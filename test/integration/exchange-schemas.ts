/**
 * The OASIS STIX 2.1 JSON schemas (test/fixtures/stix2-json-schemas, vendored with their licence and
 * commit) loaded into Ajv's JSON Schema 2020-12 validator, and a validator per STIX object type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { ROOT } from '../helpers/cli.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
// ajv-formats is CommonJS: its default import is the plugin under Node, the module object to TypeScript.
const addFormats: FormatsPlugin =
  typeof formats === 'function' ? formats : (formats as unknown as { default: FormatsPlugin }).default;

const SCHEMAS = join(ROOT, 'test', 'fixtures', 'stix2-json-schemas', 'schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

export interface StixValidator {
  /** Errors for one object ([] when valid), checked against the schema of its type (custom types: the core schema). */
  validate(object: Record<string, unknown>): string[];
  /** The types that have a schema of their own. */
  readonly types: ReadonlySet<string>;
}

export function stixValidator(): StixValidator {
  // The OASIS patterns escape '-' (\-), which a 'u' regular expression refuses.
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  // ajv-formats has no idn-hostname; domain values are ASCII (IDNs are stored as punycode), so hostname rules apply.
  ajv.addFormat(
    'idn-hostname',
    /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i,
  );
  const types = new Set<string>();
  for (const folder of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of readdirSync(join(SCHEMAS, folder)).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, folder, file), 'utf8')) as object);
      if (folder !== 'common') types.add(file.replace(/\.json$/, ''));
    }
  }
  types.add('marking-definition');
  const compiled = new Map<string, ValidateFunction>();
  const schemaOf = (type: string, observable: boolean): string => {
    if (type === 'marking-definition') return `${BASE}/common/marking-definition.json`;
    for (const folder of ['sdos', 'sros', 'observables']) {
      if (types.has(type) && readdirSync(join(SCHEMAS, folder)).includes(`${type}.json`))
        return `${BASE}/${folder}/${type}.json`;
    }
    return observable ? `${BASE}/common/cyber-observable-core.json` : `${BASE}/common/core.json`;
  };
  return {
    types,
    validate(object) {
      const type = String(object.type);
      const observable = !('created' in object);
      const key = `${type}:${String(observable)}`;
      let validate = compiled.get(key);
      if (!validate) {
        const schema = ajv.getSchema(schemaOf(type, observable));
        if (!schema) throw new Error(`no schema for ${type}`);
        validate = schema;
        compiled.set(key, validate);
      }
      if (validate(object)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
