// ajv is CommonJS; under NodeNext its default export arrives wrapped, so unwrap it once here.
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Options } from 'ajv';

type Ajv2020Class = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: Ajv2020Class }).default ?? Ajv2020Module) as Ajv2020Class;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule.default }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

export type Ajv = InstanceType<Ajv2020Class>;

export function newAjv(options: Options = {}): Ajv {
  const ajv = new Ajv2020({ allErrors: true, strict: true, ...options });
  addFormats(ajv, ['email', 'date-time']);
  return ajv;
}
