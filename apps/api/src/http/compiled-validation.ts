import { TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';

// class-transformer's registry of @Type and @Transform, which it exports only from this path
// (as @nestjs/swagger reads it too); the types ship beside it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: transformerMetadata } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

/**
 * The request thread's fast path through a body's validation: a DTO class's class-validator and
 * class-transformer metadata, read once into a plan of plain checks, so that a valid body costs the
 * checks themselves (the very constraint objects class-validator calls) rather than
 * class-validator's walk of its metadata, groups and error objects on every request, and
 * class-transformer's copy (together about 15% of a command's work on that thread, in a profile
 * under the http bench).
 *
 * It answers only "valid, and this is the DTO instance the full pipe would return", or "not known
 * here" (undefined): a body that fails any check, or has anything the plan does not know the
 * library's exact behaviour for (a `__proto__` key, a key that names a function of the target,
 * groups, async or conditional shapes other than ValidateIf), goes to the full pipe, which builds
 * the error document as it always has. So the errors are class-validator's own, and a plan only
 * has to agree with it on what it accepts: a differential test holds the two together on many
 * bodies, valid and not (compiled-validation.unit.spec.ts).
 */
export type CompiledBody = (plain: Record<string, unknown>) => object | undefined;

interface Constraint {
  validate(value: unknown, args: ValidationArguments): unknown;
}

interface Check {
  constraint: Constraint;
  constraints: unknown[];
  each: boolean;
}

interface PropertyPlan {
  name: string;
  /** ValidateIf conditions: the property is validated only when all hold. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** IsDefined and every other constraint, in class-validator's order (IsDefined first). */
  checks: Check[];
  nested: boolean;
  /** From @Type: what a nested object (or each of an array's) becomes. */
  type?: Function;
  transforms: ((params: { value: unknown; key: string; obj: object; type: TransformationType; options: object }) => unknown)[];
}

interface ClassPlan {
  target: new () => object;
  properties: Map<string, PropertyPlan>;
}

const plans = new WeakMap<Function, ClassPlan | null>();
const compiled = new WeakMap<Function, CompiledBody | null>();
const TRANSFORM_OPTIONS = {};

/** The compiled check of a DTO class (made on first use), or undefined when its metadata holds something the plan does not know. */
export function compiledBody(target: Function): CompiledBody | undefined {
  if (!compiled.has(target)) {
    const plan = planOf(target);
    compiled.set(
      target,
      plan &&
        ((plain) => {
          const instance = build(plain, plan);
          return instance !== undefined && valid(instance, plan) ? instance : undefined;
        }),
    );
  }
  return compiled.get(target) ?? undefined;
}

function planOf(target: Function): ClassPlan | null {
  if (!plans.has(target)) {
    plans.set(target, null); // a class that nests itself is not compiled (and not walked twice)
    plans.set(target, compile(target));
  }
  return plans.get(target) ?? null;
}

const KNOWN_TYPES = new Set([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.NESTED_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.IS_DEFINED]);

function compile(target: Function): ClassPlan | null {
  const storage = getMetadataStorage();
  // As ValidationExecutor asks for them under the pipe's options (no groups, `always` false).
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  if (transformerMetadata.getExposedMetadatas(target).length > 0 || transformerMetadata.getExcludedMetadatas(target).length > 0) return null;
  if (transformerMetadata.getStrategy(target) !== 'none') return null;
  const properties = new Map<string, PropertyPlan>();
  const probe = new (target as new () => object)();
  // IsDefined first, as class-validator runs it; the rest in the order they were registered.
  const ordered = [...metadatas.filter((m) => m.type === ValidationTypes.IS_DEFINED), ...metadatas.filter((m) => m.type !== ValidationTypes.IS_DEFINED)];
  for (const metadata of ordered) {
    if (!KNOWN_TYPES.has(metadata.type) || metadata.groups?.length || metadata.always !== undefined) return null;
    // A property class-transformer would pass over (a getter or a method of the class) is not for a plan.
    if (metadata.propertyName === '__proto__' || skippedBy(probe, metadata.propertyName)) return null;
    const property = properties.get(metadata.propertyName) ?? newProperty(target, metadata.propertyName);
    if (!property) return null;
    properties.set(metadata.propertyName, property);
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      property.conditions.push(metadata.constraints[0] as PropertyPlan['conditions'][number]);
    } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      property.nested = true;
    } else {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        if (constraint.async) return null;
        property.checks.push({ constraint: constraint.instance as Constraint, constraints: metadata.constraints, each: metadata.each });
      }
    }
  }
  // A @Type is followed only to a class of its own plan (class-transformer would turn a string into a
  // Number or a Date; those are left to it), and ValidateNested only with one.
  for (const property of properties.values()) if ((property.type || property.nested) && !(property.type && planOf(property.type))) return null;
  return { target: target as ClassPlan['target'], properties };
}

function newProperty(target: Function, name: string): PropertyPlan | undefined {
  const typed = transformerMetadata.findTypeMetadata(target, name);
  // A type function that reads its arguments (the object being built) may answer differently per body.
  if (typed && (typed.options?.discriminator || typed.reflectedType === Map || typed.reflectedType === Set || typed.typeFunction.length > 0)) return undefined;
  const transforms = transformerMetadata.findTransformMetadatas(target, name, TransformationType.PLAIN_TO_CLASS);
  if (transforms.some((metadata) => Object.keys(metadata.options ?? {}).length > 0)) return undefined;
  return {
    name,
    conditions: [],
    checks: [],
    nested: false,
    type: typed?.typeFunction({ newObject: undefined, object: {}, property: name }),
    transforms: transforms.map((metadata) => metadata.transformFn as PropertyPlan['transforms'][number]),
  };
}

/** Whether class-transformer would pass over this key when building `into` (a getter or a function there). */
function skippedBy(into: object, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(into.constructor.prototype, key);
  return (descriptor !== undefined && !descriptor.set) || (into as Record<string, unknown>)[key] instanceof Function;
}

/** plainToInstance for a body the plan knows: the instance, or undefined for anything else. */
function build(plain: Record<string, unknown>, plan: ClassPlan): object | undefined {
  const instance = new plan.target() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    const property = plan.properties.get(key);
    if (!property) return undefined; // unknown: whitelisting refuses it
    let value = convert(plain[key], property.type);
    if (value === UNKNOWN) return undefined;
    for (const transform of property.transforms) value = transform({ value, key, obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: TRANSFORM_OPTIONS });
    instance[key] = value;
  }
  return instance;
}

const UNKNOWN = Symbol('unknown');

/** A JSON value as class-transformer copies it: objects of a @Type built by their plan, others copied. */
function convert(value: unknown, type: Function | undefined): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    for (const item of value) {
      const converted = convert(item, type);
      if (converted === UNKNOWN) return UNKNOWN;
      copy.push(converted);
    }
    return copy;
  }
  if (value === null || typeof value !== 'object') return value;
  if (type) {
    const plan = planOf(type);
    return plan ? (build(value as Record<string, unknown>, plan) ?? UNKNOWN) : UNKNOWN;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || skippedBy(copy, key)) return UNKNOWN;
    const converted = convert((value as Record<string, unknown>)[key], undefined);
    if (converted === UNKNOWN) return UNKNOWN;
    copy[key] = converted;
  }
  return copy;
}

/** ValidationExecutor.execute on an instance the plan built, as a yes or no. */
function valid(object: object, plan: ClassPlan): boolean {
  for (const property of plan.properties.values()) {
    const value = (object as Record<string, unknown>)[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const check of property.checks) if (!passes(check, object, property.name, value)) return false;
    if (property.nested && value !== undefined && !validNested(value)) return false;
  }
  return true;
}

function passes(check: Check, object: object, property: string, value: unknown): boolean {
  const args: ValidationArguments = { targetName: object.constructor.name, property, object, value, constraints: check.constraints };
  if (check.each && Array.isArray(value)) return value.every((item) => holds(check.constraint.validate(item, args)));
  return holds(check.constraint.validate(value, args));
}

/** A constraint's answer; a promise (class-validator awaits one, flagged async or not) is for the full pipe. */
const holds = (answer: unknown): boolean => Boolean(answer) && typeof (answer as { then?: unknown }).then !== 'function';

/** ValidateNested: an array's items each, an object by its own class's plan, anything else an error. */
function validNested(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => item === undefined || validNested(item));
  if (value === null || typeof value !== 'object') return false;
  const plan = plans.get(value.constructor);
  return plan !== undefined && plan !== null && valid(value, plan);
}
