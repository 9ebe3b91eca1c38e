import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

let ajv: InstanceType<typeof Ajv2020> | undefined;

/** True when every value fits the schema (JSON Schema 2020-12, formats checked): a stated schema the examples keep. */
export function validatesAll(schema: Record<string, unknown>, values: unknown[]): boolean {
  ajv ??= addFormats(new Ajv2020({ strict: false, allErrors: false, validateFormats: true }));
  try {
    const validate = ajv.compile(schema);
    return values.every((value) => validate(value));
  } catch {
    return false;
  }
}
