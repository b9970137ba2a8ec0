import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  STATE,
  TimelineBuilder,
  analyze,
  analyzeProgress,
  argvForLog,
  bootBuilder,
  buildArgs,
  callBuildx,
  checkAttestation,
  checkAttests,
  checkContext,
  checkPlatforms,
  chooseBuildx,
  cleanUp,
  createContainerBuilder,
  createRemoteBuilder,
  createWorkspace,
  describeBuildx,
  discardFetched,
  fetchCacheMounts,
  formatSize,
  hostBuildx,
  isRecord,
  lastLines,
  mountId,
  mountOptions,
  mountTarget,
  parseMetadata,
  parseOutput,
  parseSize,
  parseStatusLine,
  planCacheMounts,
  processHost,
  ranWithCacheMounts,
  restoreCacheMounts,
  saveCacheMounts,
  selectPlatform,
  splitStage,
  stopwatch,
  systemClock,
  writePrivateFile
} from "./chunk-HIQ6BRZY.js";
import {
  decodeCredentials,
  pemText,
  secretLines
} from "./chunk-ZJ2D3S3J.js";
import {
  UserError,
  errorMessage,
  quoted
} from "./chunk-B65RHDLF.js";

// src/main.ts
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// node_modules/js-yaml/dist/js-yaml.mjs
var NOT_RESOLVED = /* @__PURE__ */ Symbol("NOT_RESOLVED");
function defineScalarTag(tagName, options) {
  return {
    tagName,
    nodeKind: "scalar",
    implicit: options.implicit ?? false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    implicitFirstChars: options.implicitFirstChars ?? null,
    resolve: options.resolve,
    identify: options.identify,
    represent: options.represent ?? ((data) => String(data)),
    representTagName: options.representTagName ?? (() => tagName)
  };
}
function defineSequenceTag(tagName, options) {
  const carrierIsResult = options.finalize === void 0;
  return {
    tagName,
    nodeKind: "sequence",
    implicit: false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    create: options.create,
    addItem: options.addItem,
    finalize: options.finalize ?? ((carrier) => carrier),
    carrierIsResult,
    identify: options.identify,
    represent: options.represent ?? ((data) => data),
    representTagName: options.representTagName ?? (() => tagName)
  };
}
function defineMappingTag(tagName, options) {
  const carrierIsResult = options.finalize === void 0;
  return {
    tagName,
    nodeKind: "mapping",
    implicit: false,
    matchByTagPrefix: options.matchByTagPrefix ?? false,
    create: options.create,
    addPair: options.addPair,
    has: options.has,
    keys: options.keys,
    get: options.get,
    finalize: options.finalize ?? ((carrier) => carrier),
    carrierIsResult,
    identify: options.identify,
    represent: options.represent ?? ((data) => data),
    representTagName: options.representTagName ?? (() => tagName)
  };
}
var strTag = defineScalarTag("tag:yaml.org,2002:str", {
  resolve: (source) => source,
  identify: (data) => typeof data === "string"
});
var NULL_VALUES$1 = [
  "",
  "~",
  "null",
  "Null",
  "NULL"
];
var nullCoreTag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: [
    "",
    "~",
    "n",
    "N"
  ],
  resolve: (source) => {
    if (NULL_VALUES$1.indexOf(source) !== -1) return null;
    return NOT_RESOLVED;
  },
  identify: (object) => object === null,
  represent: () => "null"
});
var nullJsonTag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: ["n"],
  resolve: (source, isExplicit) => {
    if (source === "null" || isExplicit && source === "") return null;
    return NOT_RESOLVED;
  },
  identify: (object) => object === null,
  represent: () => "null"
});
var NULL_VALUES = [
  "",
  "~",
  "null",
  "Null",
  "NULL"
];
var nullYaml11Tag = defineScalarTag("tag:yaml.org,2002:null", {
  implicit: true,
  implicitFirstChars: [
    "",
    "~",
    "n",
    "N"
  ],
  resolve: (source) => {
    if (NULL_VALUES.indexOf(source) !== -1) return null;
    return NOT_RESOLVED;
  },
  identify: (object) => object === null,
  represent: () => "null"
});
var TRUE_VALUES$2 = [
  "true",
  "True",
  "TRUE"
];
var FALSE_VALUES$2 = [
  "false",
  "False",
  "FALSE"
];
var boolCoreTag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: [
    "t",
    "T",
    "f",
    "F"
  ],
  resolve: (source) => {
    if (TRUE_VALUES$2.indexOf(source) !== -1) return true;
    if (FALSE_VALUES$2.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
  represent: (object) => object ? "true" : "false"
});
var TRUE_VALUES$1 = ["true"];
var FALSE_VALUES$1 = ["false"];
var boolJsonTag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: ["t", "f"],
  resolve: (source) => {
    if (TRUE_VALUES$1.indexOf(source) !== -1) return true;
    if (FALSE_VALUES$1.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
  represent: (object) => object ? "true" : "false"
});
var TRUE_VALUES = [
  "true",
  "True",
  "TRUE",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "on",
  "On",
  "ON"
];
var FALSE_VALUES = [
  "false",
  "False",
  "FALSE",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "off",
  "Off",
  "OFF"
];
var boolYaml11Tag = defineScalarTag("tag:yaml.org,2002:bool", {
  implicit: true,
  implicitFirstChars: [
    "y",
    "Y",
    "n",
    "N",
    "t",
    "T",
    "f",
    "F",
    "o",
    "O"
  ],
  resolve: (source) => {
    if (TRUE_VALUES.indexOf(source) !== -1) return true;
    if (FALSE_VALUES.indexOf(source) !== -1) return false;
    return NOT_RESOLVED;
  },
  identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
  represent: (object) => object ? "true" : "false"
});
var YAML_INTEGER_IMPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
var YAML_INTEGER_EXPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$2(source) {
  let value = source;
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger$2(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_INTEGER_EXPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
  } else if (!YAML_INTEGER_IMPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger$2(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intCoreTag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ..."0123456789"
  ],
  resolve: resolveYamlInteger$2,
  identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
  represent: (object) => object.toString(10)
});
var YAML_INTEGER_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)$");
var YAML_INTEGER_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$1(source) {
  let value = source;
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger$1(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_INTEGER_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  } else if (!YAML_INTEGER_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger$1(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intJsonTag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: ["-", ..."0123456789"],
  resolve: resolveYamlInteger$1,
  identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
  represent: (object) => object.toString(10)
});
var YAML_INTEGER_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?(?:0|[1-9][0-9_]*))$");
function parseYamlInteger(source) {
  let value = source.replace(/_/g, "");
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  if (value.includes(":")) {
    let result = 0;
    for (const part of value.split(":")) result = result * 60 + Number(part);
    return sign * result;
  }
  if (value !== "0" && value[0] === "0") return sign * parseInt(value, 8);
  return sign * parseInt(value, 10);
}
function resolveYamlInteger(source) {
  if (!YAML_INTEGER_PATTERN.test(source)) return NOT_RESOLVED;
  const result = parseYamlInteger(source);
  return Number.isFinite(result) ? result : NOT_RESOLVED;
}
var intYaml11Tag = defineScalarTag("tag:yaml.org,2002:int", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ..."0123456789"
  ],
  resolve: resolveYamlInteger,
  identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
  represent: (object) => object.toString(10)
});
var YAML_FLOAT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$2(source) {
  if (!YAML_FLOAT_PATTERN$1.test(source)) return NOT_RESOLVED;
  let value = source.toLowerCase();
  const sign = value[0] === "-" ? -1 : 1;
  if ("+-".includes(value[0])) value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return NaN;
  const result = sign * parseFloat(value);
  if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN$1.test(source)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat$2(object) {
  if (isNaN(object)) return ".nan";
  if (object === Number.POSITIVE_INFINITY) return ".inf";
  if (object === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object, -0)) return "-0.0";
  const result = object.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatCoreTag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ".",
    ..."0123456789"
  ],
  resolve: resolveYamlFloat$2,
  identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat$2
});
var YAML_FLOAT_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$");
var YAML_FLOAT_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$1(source, isExplicit) {
  if (isExplicit) {
    if (!YAML_FLOAT_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
    let value = source.toLowerCase();
    const sign = value[0] === "-" ? -1 : 1;
    if ("+-".includes(value[0])) value = value.slice(1);
    if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    if (value === ".nan") return NaN;
    const result2 = sign * parseFloat(value);
    return Number.isFinite(result2) ? result2 : NOT_RESOLVED;
  }
  if (!YAML_FLOAT_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
  const result = Number(source);
  if (Number.isFinite(result)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat$1(object) {
  if (isNaN(object)) return ".nan";
  if (object === Number.POSITIVE_INFINITY) return ".inf";
  if (object === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object, -0)) return "-0.0";
  const result = object.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatJsonTag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: ["-", ..."0123456789"],
  resolve: resolveYamlFloat$1,
  identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat$1
});
var YAML_FLOAT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?(?:(?:[0-9][0-9_]*)?\\.[0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat(source) {
  if (!YAML_FLOAT_PATTERN.test(source)) return NOT_RESOLVED;
  let value = source.toLowerCase().replace(/_/g, "");
  const sign = value[0] === "-" ? -1 : 1;
  if ("+-".includes(value[0])) value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return NaN;
  let result = 0;
  if (value.includes(":")) {
    for (const part of value.split(":")) result = result * 60 + Number(part);
    result *= sign;
  } else result = sign * parseFloat(value);
  if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN.test(source)) return result;
  return NOT_RESOLVED;
}
function representYamlFloat(object) {
  if (isNaN(object)) return ".nan";
  if (object === Number.POSITIVE_INFINITY) return ".inf";
  if (object === Number.NEGATIVE_INFINITY) return "-.inf";
  if (Object.is(object, -0)) return "-0.0";
  const result = object.toString(10);
  return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
var floatYaml11Tag = defineScalarTag("tag:yaml.org,2002:float", {
  implicit: true,
  implicitFirstChars: [
    "-",
    "+",
    ".",
    ..."0123456789"
  ],
  resolve: resolveYamlFloat,
  identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
  represent: representYamlFloat
});
var mergeTag = defineScalarTag("tag:yaml.org,2002:merge", {
  implicit: true,
  implicitFirstChars: ["<"],
  resolve: (source, isExplicit) => {
    if (source === "<<" || isExplicit && source === "") return "<<";
    return NOT_RESOLVED;
  },
  identify: () => false
});
var BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
function resolveYamlBinary(source) {
  const input = source.replace(/\s/g, "");
  if (input.length % 4 !== 0 || !BASE64_PATTERN.test(input)) return NOT_RESOLVED;
  const binary = atob(input);
  const result = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) result[index] = binary.charCodeAt(index);
  return result;
}
function representYamlBinary(object) {
  let binary = "";
  for (let index = 0; index < object.length; index++) binary += String.fromCharCode(object[index]);
  return btoa(binary);
}
var binaryTag = defineScalarTag("tag:yaml.org,2002:binary", {
  resolve: resolveYamlBinary,
  identify: (object) => Object.prototype.toString.call(object) === "[object Uint8Array]",
  represent: representYamlBinary
});
var YAML_DATE_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$");
var YAML_TIMESTAMP_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$");
function makeUtcDate(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
  const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
  date.setUTCFullYear(year, month, day);
  return date;
}
function resolveYamlTimestamp(source) {
  let match = YAML_DATE_REGEXP.exec(source);
  if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(source);
  if (match === null) return NOT_RESOLVED;
  const year = +match[1];
  const month = +match[2] - 1;
  const day = +match[3];
  if (!match[4]) {
    const date2 = makeUtcDate(year, month, day);
    if (date2.getUTCFullYear() !== year || date2.getUTCMonth() !== month || date2.getUTCDate() !== day) return NOT_RESOLVED;
    return date2;
  }
  const hour = +match[4];
  const minute = +match[5];
  const second = +match[6];
  let fraction = 0;
  if (hour > 23 || minute > 59 || second > 59) return NOT_RESOLVED;
  if (match[7]) {
    let value = match[7].slice(0, 3);
    while (value.length < 3) value += "0";
    fraction = +value;
  }
  const date = makeUtcDate(year, month, day, hour, minute, second, fraction);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
  if (match[9]) {
    const offsetHour = +match[10];
    const offsetMinute = +(match[11] || 0);
    if (offsetHour > 23 || offsetMinute > 59) return NOT_RESOLVED;
    const offset = (offsetHour * 60 + offsetMinute) * 6e4;
    date.setTime(date.getTime() - (match[9] === "-" ? -offset : offset));
  }
  return date;
}
var timestampTag = defineScalarTag("tag:yaml.org,2002:timestamp", {
  implicit: true,
  implicitFirstChars: [..."0123456789"],
  resolve: resolveYamlTimestamp,
  identify: (object) => object instanceof Date,
  represent: (object) => object.toISOString()
});
var seqTag = defineSequenceTag("tag:yaml.org,2002:seq", {
  create: () => [],
  addItem: (container, item) => {
    container.push(item);
  },
  identify: Array.isArray
});
function isPlainObject(data) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
  const prototype = Object.getPrototypeOf(data);
  return prototype === null || prototype === Object.prototype;
}
function pick(object, keys) {
  const result = {};
  for (const key2 of keys) if (object[key2] !== void 0) result[key2] = object[key2];
  return result;
}
var omapTag = defineSequenceTag("tag:yaml.org,2002:omap", {
  create: () => ({
    list: [],
    seen: /* @__PURE__ */ new Set()
  }),
  addItem: (carrier, item) => {
    let key2;
    if (item instanceof Map) {
      if (item.size !== 1) return "cannot resolve an ordered map item";
      key2 = item.keys().next().value;
    } else if (isPlainObject(item)) {
      const itemKeys = Object.keys(item);
      if (itemKeys.length !== 1) return "cannot resolve an ordered map item";
      key2 = itemKeys[0];
    } else return "cannot resolve an ordered map item";
    if (carrier.seen.has(key2)) return "duplicate key in ordered map";
    carrier.seen.add(key2);
    carrier.list.push(item);
    return "";
  },
  finalize: (carrier) => carrier.list,
  identify: () => false
});
var pairsTag = defineSequenceTag("tag:yaml.org,2002:pairs", {
  create: () => [],
  addItem: (container, item) => {
    if (item instanceof Map) {
      if (item.size !== 1) return "cannot resolve a pairs item";
      container.push(item.entries().next().value);
      return "";
    }
    if (Object.prototype.toString.call(item) !== "[object Object]") return "cannot resolve a pairs item";
    const object = item;
    const keys = Object.keys(object);
    if (keys.length !== 1) return "cannot resolve a pairs item";
    container.push([keys[0], object[keys[0]]]);
    return "";
  },
  identify: () => false
});
var mapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => ({}),
  identify: isPlainObject,
  represent: (o) => {
    const map = /* @__PURE__ */ new Map();
    for (const key2 of Object.keys(o)) map.set(key2, o[key2]);
    return map;
  },
  addPair: (container, key2, value) => {
    if (key2 !== null && typeof key2 === "object") return "object-based map does not support complex keys";
    const normalizedKey = String(key2);
    if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
      value,
      enumerable: true,
      configurable: true,
      writable: true
    });
    else container[normalizedKey] = value;
    return "";
  },
  has: (container, key2) => {
    if (key2 !== null && typeof key2 === "object") return false;
    return Object.prototype.hasOwnProperty.call(container, String(key2));
  },
  keys: (container) => Object.keys(container),
  get: (container, key2) => {
    const normalizedKey = String(key2);
    if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
    return container[normalizedKey];
  }
});
var setTag = defineMappingTag("tag:yaml.org,2002:set", {
  create: () => /* @__PURE__ */ new Set(),
  identify: (data) => data instanceof Set,
  represent: (data) => {
    const map = /* @__PURE__ */ new Map();
    for (const key2 of data) map.set(key2, null);
    return map;
  },
  addPair: (container, key2, value) => {
    if (value !== null) return "cannot resolve a set item";
    container.add(key2);
    return "";
  },
  has: (container, key2) => container.has(key2),
  keys: (container) => container.keys(),
  get: () => null
});
function createTagDefinitionMap() {
  return {
    scalar: /* @__PURE__ */ Object.create(null),
    sequence: /* @__PURE__ */ Object.create(null),
    mapping: /* @__PURE__ */ Object.create(null)
  };
}
function createTagDefinitionListMap() {
  return {
    scalar: [],
    sequence: [],
    mapping: []
  };
}
function compileTags(tags) {
  const result = [];
  for (const tag of tags) {
    let index = result.length;
    for (let previousIndex = 0; previousIndex < result.length; previousIndex++) {
      const previous = result[previousIndex];
      if (previous.nodeKind === tag.nodeKind && previous.tagName === tag.tagName && previous.matchByTagPrefix === tag.matchByTagPrefix) {
        index = previousIndex;
        break;
      }
    }
    result[index] = tag;
  }
  return result;
}
var Schema = class Schema2 {
  tags;
  /** @internal */
  implicitScalarTags;
  /**
  * Dispatch implicit scalar resolvers by `source.charAt(0)`. Each bucket holds
  * the resolvers that may match that key, in schema order; a key absent from
  * the map uses
  * {@link Schema.implicitScalarAnyFirstChar}
  * (resolvers that declared no first-char constraint, so they apply to any
  * first character).
  */
  implicitScalarByFirstChar;
  implicitScalarAnyFirstChar;
  /**
  * The default scalar tag (`!!str`), resolved once so the composer's fallback
  * for unresolved plain scalars avoids a keyed lookup per scalar.
  *
  * @internal
  */
  defaultScalarTag;
  /**
  * The default container tags (`!!seq` / `!!map`), used by the dumper: when a
  * value is identified by its default tag, the tag is implicit and not
  * printed. Undefined if the schema does not define them (then such values
  * can't be dumped).
  *
  * @internal
  */
  defaultSequenceTag;
  /** @internal */
  defaultMappingTag;
  exact;
  prefix;
  constructor(tags) {
    const compiledTags = compileTags(tags);
    const implicitScalarTags = [];
    const exact = createTagDefinitionMap();
    const prefix = createTagDefinitionListMap();
    for (const tag of compiledTags) {
      if (tag.nodeKind === "scalar" && tag.implicit) {
        if (tag.matchByTagPrefix) throw new Error("Implicit scalar tags cannot match by tag prefix");
        implicitScalarTags.push(tag);
      }
      switch (tag.nodeKind) {
        case "scalar":
          if (tag.matchByTagPrefix) prefix.scalar.push(tag);
          else exact.scalar[tag.tagName] = tag;
          break;
        case "sequence":
          if (tag.matchByTagPrefix) prefix.sequence.push(tag);
          else exact.sequence[tag.tagName] = tag;
          break;
        case "mapping":
          if (tag.matchByTagPrefix) prefix.mapping.push(tag);
          else exact.mapping[tag.tagName] = tag;
      }
    }
    const implicitScalarAnyFirstChar = implicitScalarTags.filter((tag) => tag.implicitFirstChars === null);
    const keys = /* @__PURE__ */ new Set();
    for (const tag of implicitScalarTags) if (tag.implicitFirstChars !== null) for (const key2 of tag.implicitFirstChars) keys.add(key2);
    const implicitScalarByFirstChar = /* @__PURE__ */ new Map();
    for (const key2 of keys) implicitScalarByFirstChar.set(key2, implicitScalarTags.filter((tag) => tag.implicitFirstChars === null || tag.implicitFirstChars.indexOf(key2) !== -1));
    const defaultScalarTag = exact.scalar["tag:yaml.org,2002:str"];
    if (!defaultScalarTag) throw new Error("schema does not define the default scalar tag (tag:yaml.org,2002:str)");
    this.tags = compiledTags;
    this.implicitScalarTags = implicitScalarTags;
    this.implicitScalarByFirstChar = implicitScalarByFirstChar;
    this.implicitScalarAnyFirstChar = implicitScalarAnyFirstChar;
    this.defaultScalarTag = defaultScalarTag;
    this.defaultSequenceTag = exact.sequence["tag:yaml.org,2002:seq"];
    this.defaultMappingTag = exact.mapping["tag:yaml.org,2002:map"];
    this.exact = exact;
    this.prefix = prefix;
  }
  /** @internal */
  lookupScalarTag(tagName) {
    const exactTag = this.exact.scalar[tagName];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.scalar) if (tagName.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  lookupSequenceTag(tagName) {
    const exactTag = this.exact.sequence[tagName];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.sequence) if (tagName.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  lookupMappingTag(tagName) {
    const exactTag = this.exact.mapping[tagName];
    if (exactTag) return exactTag;
    for (const tag of this.prefix.mapping) if (tagName.startsWith(tag.tagName)) return tag;
  }
  /** @internal */
  resolveImplicitScalarTag(source) {
    const candidates = this.implicitScalarByFirstChar.get(source.charAt(0)) ?? this.implicitScalarAnyFirstChar;
    for (const tag2 of candidates) {
      const value = tag2.resolve(source, false, tag2.tagName);
      if (value !== NOT_RESOLVED) return {
        value,
        tag: tag2
      };
    }
    const tag = this.defaultScalarTag;
    return {
      value: tag.resolve(source, false, tag.tagName),
      tag
    };
  }
  /**
  * Creates a new schema with the specified tags added. If a tag already
  * exists, it is replaced by the specified tag.
  *
  * @example
  *
  * ```javascript
  * import { CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
  *
  * const schema = CORE_SCHEMA.withTags(mergeTag, realMapTag)
  * ```
  */
  withTags(...tags) {
    let flatTags = [];
    for (const tag of tags) flatTags = flatTags.concat(tag);
    return new Schema2([...this.tags, ...flatTags]);
  }
};
var FAILSAFE_SCHEMA = new Schema([
  strTag,
  seqTag,
  mapTag
]);
var JSON_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullJsonTag,
  boolJsonTag,
  intJsonTag,
  floatJsonTag
]);
var CORE_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullCoreTag,
  boolCoreTag,
  intCoreTag,
  floatCoreTag
]);
var YAML11_SCHEMA = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  nullYaml11Tag,
  boolYaml11Tag,
  intYaml11Tag,
  floatYaml11Tag,
  timestampTag,
  mergeTag,
  binaryTag,
  omapTag,
  pairsTag,
  setTag
]);
var DUMP_SCHEMA = YAML11_SCHEMA.withTags({
  ...intYaml11Tag,
  resolve: (source, isExplicit, tagName) => {
    const result = intYaml11Tag.resolve(source, isExplicit, tagName);
    return result === NOT_RESOLVED ? intCoreTag.resolve(source, isExplicit, tagName) : result;
  }
}, {
  ...floatYaml11Tag,
  resolve: (source, isExplicit, tagName) => {
    const result = floatYaml11Tag.resolve(source, isExplicit, tagName);
    return result === NOT_RESOLVED ? floatCoreTag.resolve(source, isExplicit, tagName) : result;
  }
});
var realMapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => /* @__PURE__ */ new Map(),
  addPair: (container, key2, value) => {
    container.set(key2, value);
    return "";
  },
  has: (container, key2) => container.has(key2),
  keys: (container) => container.keys(),
  get: (container, key2) => container.get(key2),
  identify: (data) => data instanceof Map || isPlainObject(data),
  represent: (data) => {
    if (data instanceof Map) return data;
    const map = /* @__PURE__ */ new Map();
    const obj = data;
    for (const key2 of Object.keys(obj)) map.set(key2, obj[key2]);
    return map;
  }
});
function normalizeKey(key2) {
  if (Array.isArray(key2)) {
    const array = Array.prototype.slice.call(key2);
    for (let index = 0; index < array.length; index++) {
      if (Array.isArray(array[index])) return null;
      if (typeof array[index] === "object" && Object.prototype.toString.call(array[index]) === "[object Object]") array[index] = "[object Object]";
    }
    return String(array);
  }
  if (typeof key2 === "object" && Object.prototype.toString.call(key2) === "[object Object]") return "[object Object]";
  return String(key2);
}
var legacyMapTag = defineMappingTag("tag:yaml.org,2002:map", {
  create: () => ({}),
  identify: isPlainObject,
  represent: (o) => {
    const map = /* @__PURE__ */ new Map();
    for (const key2 of Object.keys(o)) map.set(key2, o[key2]);
    return map;
  },
  addPair: (container, key2, value) => {
    const normalizedKey = normalizeKey(key2);
    if (normalizedKey === null) return "nested arrays are not supported inside keys";
    if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
      value,
      enumerable: true,
      configurable: true,
      writable: true
    });
    else container[normalizedKey] = value;
    return "";
  },
  has: (container, key2) => {
    const normalizedKey = normalizeKey(key2);
    return normalizedKey !== null && Object.prototype.hasOwnProperty.call(container, normalizedKey);
  },
  keys: (container) => Object.keys(container),
  get: (container, key2) => {
    const normalizedKey = String(key2);
    if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
    return container[normalizedKey];
  }
});
var DEFAULT_SNIPPET_OPTIONS = {
  maxLength: 79,
  indent: 1,
  linesBefore: 3,
  linesAfter: 2
};
function getLine(buffer, lineStart, lineEnd, position2, maxLineLength) {
  let head = "";
  let tail = "";
  const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
  if (position2 - lineStart > maxHalfLength) {
    head = " ... ";
    lineStart = position2 - maxHalfLength + head.length;
  }
  if (lineEnd - position2 > maxHalfLength) {
    tail = " ...";
    lineEnd = position2 + maxHalfLength - tail.length;
  }
  return {
    str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "\u2192") + tail,
    pos: position2 - lineStart + head.length
  };
}
function padStart(string, max) {
  return " ".repeat(Math.max(max - string.length, 0)) + string;
}
function makeSnippet(mark, options) {
  if (!mark.buffer) return null;
  const opts = {
    ...DEFAULT_SNIPPET_OPTIONS,
    ...options
  };
  const re = /\r?\n|\r|\0/g;
  const lineStarts = [0];
  const lineEnds = [];
  let match;
  let foundLineNo = -1;
  while (match = re.exec(mark.buffer)) {
    lineEnds.push(match.index);
    lineStarts.push(match.index + match[0].length);
    if (mark.position <= match.index && foundLineNo < 0) foundLineNo = lineStarts.length - 2;
  }
  if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
  let result = "";
  const lineNoLength = Math.min(mark.line + opts.linesAfter, lineEnds.length).toString().length;
  const maxLineLength = opts.maxLength - (opts.indent + lineNoLength + 3);
  for (let i = 1; i <= opts.linesBefore; i++) {
    if (foundLineNo - i < 0) break;
    const line2 = getLine(mark.buffer, lineStarts[foundLineNo - i], lineEnds[foundLineNo - i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]), maxLineLength);
    result = `${" ".repeat(opts.indent)}${padStart((mark.line - i + 1).toString(), lineNoLength)} | ${line2.str}
${result}`;
  }
  const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
  result += `${" ".repeat(opts.indent)}${padStart((mark.line + 1).toString(), lineNoLength)} | ${line.str}
`;
  result += `${"-".repeat(opts.indent + lineNoLength + 3 + line.pos)}^
`;
  for (let i = 1; i <= opts.linesAfter; i++) {
    if (foundLineNo + i >= lineEnds.length) break;
    const line2 = getLine(mark.buffer, lineStarts[foundLineNo + i], lineEnds[foundLineNo + i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]), maxLineLength);
    result += `${" ".repeat(opts.indent)}${padStart((mark.line + i + 1).toString(), lineNoLength)} | ${line2.str}
`;
  }
  return result.replace(/\n$/, "");
}
function formatError(exception, compact) {
  let where = "";
  if (!exception.mark) return exception.reason;
  if (exception.mark.name) where += `in "${exception.mark.name}" `;
  where += `(${exception.mark.line + 1}:${exception.mark.column + 1})`;
  if (!compact && exception.mark.snippet) where += `

${exception.mark.snippet}`;
  return `${exception.reason} ${where}`;
}
var YAMLException = class YAMLException2 extends Error {
  reason;
  mark;
  /**
  * Optional `mark` contains source snippet data. Usually, use
  * {@link YAMLException.throwAt} instead of passing it directly.
  */
  constructor(reason, mark) {
    super();
    this.name = "YAMLException";
    this.reason = reason;
    this.mark = mark;
    this.message = formatError(this, false);
    if (Error.captureStackTrace) Error.captureStackTrace(this, this.constructor);
  }
  /**
  * Returns the formatted error, omitting the source snippet in compact mode.
  */
  toString(compact) {
    return `${this.name}: ${formatError(this, compact)}`;
  }
  /**
  * Builds a YAMLException with a source snippet and throws it. `source` is
  * the raw input text; `position` is an offset into it.
  */
  static throwAt(source, position2, message, filename = "") {
    let line = 0;
    let lineStart = 0;
    for (let index = 0; index < position2; index++) {
      const ch = source.charCodeAt(index);
      if (ch === 10) {
        line++;
        lineStart = index + 1;
      } else if (ch === 13) {
        line++;
        if (source.charCodeAt(index + 1) === 10) index++;
        lineStart = index + 1;
      }
    }
    const mark = {
      name: filename,
      buffer: source,
      position: position2,
      line,
      column: position2 - lineStart
    };
    mark.snippet = makeSnippet(mark);
    throw new YAMLException2(message, mark);
  }
};
var EVENT_ID = {
  DOCUMENT: 1,
  SEQUENCE: 2,
  MAPPING: 3,
  SCALAR: 4,
  ALIAS: 5,
  POP: 6
};
var SCALAR_STYLE = {
  PLAIN: 1,
  SINGLE_QUOTED: 2,
  DOUBLE_QUOTED: 3,
  LITERAL_BLOCK: 4,
  FOLDED_BLOCK: 5
};
var COLLECTION_STYLE = {
  BLOCK: 1,
  FLOW: 2
};
var CHOMPING_MODE = {
  CLIP: 1,
  STRIP: 2,
  KEEP: 3
};
var NO_RANGE$3 = -1;
function simpleEscapeSequence(c) {
  switch (c) {
    case 48:
      return "\0";
    case 97:
      return "\x07";
    case 98:
      return "\b";
    case 116:
      return "	";
    case 9:
      return "	";
    case 110:
      return "\n";
    case 118:
      return "\v";
    case 102:
      return "\f";
    case 114:
      return "\r";
    case 101:
      return "\x1B";
    case 32:
      return " ";
    case 34:
      return '"';
    case 47:
      return "/";
    case 92:
      return "\\";
    case 78:
      return "\x85";
    case 95:
      return "\xA0";
    case 76:
      return "\u2028";
    case 80:
      return "\u2029";
    default:
      return "";
  }
}
var simpleEscapeCheck = new Array(256);
var simpleEscapeMap = new Array(256);
for (let i = 0; i < 256; i++) {
  simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
  simpleEscapeMap[i] = simpleEscapeSequence(i);
}
function charFromCodepoint(c) {
  if (c <= 65535) return String.fromCharCode(c);
  return String.fromCharCode((c - 65536 >> 10) + 55296, (c - 65536 & 1023) + 56320);
}
function fromHexCode$1(c) {
  if (c >= 48 && c <= 57) return c - 48;
  return (c | 32) - 97 + 10;
}
function escapedHexLen$1(c) {
  if (c === 120) return 2;
  if (c === 117) return 4;
  return 8;
}
function skipFoldedBreaks(input, position2, end) {
  let breaks = 0;
  while (position2 < end) {
    const ch = input.charCodeAt(position2);
    if (ch === 10) {
      breaks++;
      position2++;
    } else if (ch === 13) {
      breaks++;
      position2++;
      if (input.charCodeAt(position2) === 10) position2++;
    } else if (ch === 32 || ch === 9) position2++;
    else break;
  }
  return {
    position: position2,
    breaks
  };
}
function foldedBreaks(count) {
  if (count === 1) return " ";
  return "\n".repeat(count - 1);
}
function getPlainValue(input, start, end) {
  let result = "";
  let position2 = start;
  let captureStart = start;
  let captureEnd = start;
  while (position2 < end) {
    const ch = input.charCodeAt(position2);
    if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position2, end);
      result += foldedBreaks(fold.breaks);
      position2 = captureStart = captureEnd = fold.position;
    } else {
      position2++;
      if (ch !== 32 && ch !== 9) captureEnd = position2;
    }
  }
  return result + input.slice(captureStart, captureEnd);
}
function getSingleQuotedValue(input, start, end) {
  let result = "";
  let position2 = start;
  let captureStart = start;
  let captureEnd = start;
  while (position2 < end) {
    const ch = input.charCodeAt(position2);
    if (ch === 39) {
      result += input.slice(captureStart, position2) + "'";
      position2 += 2;
      captureStart = captureEnd = position2;
    } else if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position2, end);
      result += foldedBreaks(fold.breaks);
      position2 = captureStart = captureEnd = fold.position;
    } else {
      position2++;
      if (ch !== 32 && ch !== 9) captureEnd = position2;
    }
  }
  return result + input.slice(captureStart, end);
}
function getDoubleQuotedValue(input, start, end) {
  let result = "";
  let position2 = start;
  let captureStart = start;
  let captureEnd = start;
  while (position2 < end) {
    const ch = input.charCodeAt(position2);
    if (ch === 92) {
      result += input.slice(captureStart, position2);
      position2++;
      const escaped = input.charCodeAt(position2);
      if (escaped === 10 || escaped === 13) position2 = skipFoldedBreaks(input, position2, end).position;
      else if (escaped < 256 && simpleEscapeCheck[escaped]) {
        result += simpleEscapeMap[escaped];
        position2++;
      } else {
        let hexLength = escapedHexLen$1(escaped);
        let hexResult = 0;
        for (; hexLength > 0; hexLength--) {
          position2++;
          const digit = fromHexCode$1(input.charCodeAt(position2));
          hexResult = (hexResult << 4) + digit;
        }
        result += charFromCodepoint(hexResult);
        position2++;
      }
      captureStart = captureEnd = position2;
    } else if (ch === 10 || ch === 13) {
      result += input.slice(captureStart, captureEnd);
      const fold = skipFoldedBreaks(input, position2, end);
      result += foldedBreaks(fold.breaks);
      position2 = captureStart = captureEnd = fold.position;
    } else {
      position2++;
      if (ch !== 32 && ch !== 9) captureEnd = position2;
    }
  }
  return result + input.slice(captureStart, end);
}
function getBlockValue(input, start, end, indent, chomping, folded) {
  const textIndent = indent < 0 ? 0 : indent;
  const region = input.slice(start, end).replace(/\r\n?/g, "\n");
  const lines = region === "" ? [] : (region.endsWith("\n") ? region.slice(0, -1) : region).split("\n");
  let result = "";
  let didReadContent = false;
  let emptyLines = 0;
  let atMoreIndented = false;
  for (const line of lines) {
    let column = 0;
    while (column < textIndent && line.charCodeAt(column) === 32) column++;
    if (indent < 0 || column >= line.length) {
      emptyLines++;
      continue;
    }
    const content = line.slice(textIndent);
    const first = content.charCodeAt(0);
    if (folded) {
      if (first === 32 || first === 9) {
        atMoreIndented = true;
        result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
      } else if (atMoreIndented) {
        atMoreIndented = false;
        result += "\n".repeat(emptyLines + 1);
      } else if (emptyLines === 0) {
        if (didReadContent) result += " ";
      } else result += "\n".repeat(emptyLines);
    } else result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
    result += content;
    didReadContent = true;
    emptyLines = 0;
  }
  if (chomping === CHOMPING_MODE.KEEP) result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
  else if (chomping !== CHOMPING_MODE.STRIP) {
    if (didReadContent) result += "\n";
  }
  return result;
}
function getScalarValue(input, scalar) {
  if (scalar.valueStart === NO_RANGE$3) return "";
  const { valueStart, valueEnd } = scalar;
  if (scalar.fast) return input.slice(valueStart, valueEnd);
  switch (scalar.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
      return getSingleQuotedValue(input, valueStart, valueEnd);
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return getDoubleQuotedValue(input, valueStart, valueEnd);
    case SCALAR_STYLE.LITERAL_BLOCK:
      return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, false);
    case SCALAR_STYLE.FOLDED_BLOCK:
      return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, true);
    default:
      return getPlainValue(input, valueStart, valueEnd);
  }
}
var DEFAULT_TAG_HANDLERS = Object.assign(/* @__PURE__ */ Object.create(null), {
  "!": "!",
  "!!": "tag:yaml.org,2002:"
});
var TAG_SUFFIX_CHARS = "-#;/?:@&=+$_.~*'()";
var TAG_URI_CHARS = TAG_SUFFIX_CHARS + "!,[]";
function tagPercentDecode(source) {
  let result = "";
  let index = 0;
  while (index < source.length) {
    if (source.charCodeAt(index) !== 37) {
      result += source[index++];
      continue;
    }
    let ch = parseInt(source.slice(index + 1, index + 3), 16);
    index += 3;
    if (ch >= 192) {
      let remaining = ch < 224 ? 1 : ch < 240 ? 2 : 3;
      ch &= (1 << 6 - remaining) - 1;
      while (remaining-- > 0) {
        ch = ch << 6 | parseInt(source.slice(index + 1, index + 3), 16) & 63;
        index += 3;
      }
    }
    if (ch < 65536) result += String.fromCharCode(ch);
    else {
      ch -= 65536;
      result += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
    }
  }
  return result;
}
function tagNameFull(rawTag, tagHandlers) {
  if (rawTag.startsWith("!<") && rawTag.endsWith(">")) return tagPercentDecode(rawTag.slice(2, -1));
  const handleEnd = rawTag.indexOf("!", 1);
  const handle = handleEnd === -1 ? "!" : rawTag.slice(0, handleEnd + 1);
  return tagPercentDecode(tagHandlers?.[handle] ?? DEFAULT_TAG_HANDLERS[handle] ?? handle) + tagPercentDecode(rawTag.slice(handle.length));
}
var NO_RANGE$2 = -1;
var MERGE_TAG_NAME = "tag:yaml.org,2002:merge";
var DEFAULT_CONSTRUCTOR_OPTIONS = {
  filename: "",
  schema: CORE_SCHEMA,
  json: false,
  maxTotalMergeKeys: 1e4,
  maxAliases: -1
};
function eventPosition$1(event) {
  if ("tagStart" in event && event.tagStart !== NO_RANGE$2) return event.tagStart;
  if ("anchorStart" in event && event.anchorStart !== NO_RANGE$2) return event.anchorStart;
  if ("valueStart" in event && event.valueStart !== NO_RANGE$2) return event.valueStart;
  if ("start" in event) return event.start;
  return 0;
}
function throwError$1(state, message) {
  YAMLException.throwAt(state.source, state.position, message, state.filename);
}
function finalizeCollection(state, position2, tag, carrier) {
  try {
    return tag.finalize(carrier);
  } catch (error) {
    if (error instanceof YAMLException) throw error;
    YAMLException.throwAt(state.source, position2, error instanceof Error ? error.message : String(error), state.filename);
  }
}
function constructScalar(state, event) {
  const source = getScalarValue(state.source, event);
  const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
  const strTag2 = state.schema.defaultScalarTag;
  if (rawTag !== "") {
    if (rawTag === "!") return {
      value: source,
      tag: strTag2
    };
    const tagName = tagNameFull(rawTag, state.tagHandlers);
    const scalarTag = state.schema.lookupScalarTag(tagName);
    if (scalarTag) {
      const result = scalarTag.resolve(source, true, tagName);
      if (result === NOT_RESOLVED) throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
      return {
        value: result,
        tag: scalarTag
      };
    }
    const collectionTagDef = state.schema.lookupMappingTag(tagName) ?? state.schema.lookupSequenceTag(tagName);
    if (collectionTagDef) {
      if (source !== "") throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
      const carrier = collectionTagDef.create(tagName);
      return {
        value: collectionTagDef.carrierIsResult ? carrier : finalizeCollection(state, state.position, collectionTagDef, carrier),
        tag: collectionTagDef
      };
    }
    throwError$1(state, `unknown scalar tag !<${tagName}>`);
  }
  if (event.style === SCALAR_STYLE.PLAIN) return state.schema.resolveImplicitScalarTag(source);
  return {
    value: strTag2.resolve(source, false, strTag2.tagName),
    tag: strTag2
  };
}
function collectionTagName(state, event, defaultTagName) {
  const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
  return rawTag === "" || rawTag === "!" ? defaultTagName : tagNameFull(rawTag, state.tagHandlers);
}
function isMappingTag(tag) {
  return tag.nodeKind === "mapping";
}
function chargeMergeWork(state) {
  state.totalMergeKeys++;
  if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) throwError$1(state, `merge keys exceeded maxTotalMergeKeys (${state.maxTotalMergeKeys})`);
}
function mergeKeys(state, frame, source, sourceTag) {
  chargeMergeWork(state);
  for (const sourceKey of sourceTag.keys(source)) {
    chargeMergeWork(state);
    if (frame.tag.has(frame.value, sourceKey)) continue;
    const err = frame.tag.addPair(frame.value, sourceKey, sourceTag.get(source, sourceKey));
    if (err) throwError$1(state, err);
    frame.overridable ??= /* @__PURE__ */ new Set();
    frame.overridable.add(sourceKey);
  }
}
function mergeSource(state, frame, source, sourceTag) {
  state.position = frame.keyPosition;
  if (isMappingTag(sourceTag)) mergeKeys(state, frame, source, sourceTag);
  else if (sourceTag.nodeKind === "sequence" && Array.isArray(source)) {
    if (source.length > 100) throwError$1(state, "abnormal merge sequence size");
    for (const element of source) {
      const elementTag = state.nodeTags.get(element);
      if (!elementTag) throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
      mergeKeys(state, frame, element, elementTag);
    }
  } else throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
}
function addMappingValue(state, frame, key2, value, tag) {
  state.position = frame.keyPosition;
  if (frame.keyIsMerge) {
    mergeSource(state, frame, value, tag);
    return;
  }
  if (!state.json && frame.tag.has(frame.value, key2) && !frame.overridable?.has(key2)) throwError$1(state, "duplicated mapping key");
  const err = frame.tag.addPair(frame.value, key2, value);
  if (err) throwError$1(state, err);
  frame.overridable?.delete(key2);
}
function addValue(state, value, tag) {
  const frame = state.frames[state.frames.length - 1];
  if (frame.kind === "document") {
    frame.value = value;
    frame.hasValue = true;
  } else if (frame.kind === "sequence") {
    if (isMappingTag(tag)) state.nodeTags.set(value, tag);
    const err = frame.tag.addItem(frame.value, value, frame.index++);
    if (err) throwError$1(state, err);
  } else if (frame.hasKey) {
    const key2 = frame.key;
    frame.key = void 0;
    frame.hasKey = false;
    addMappingValue(state, frame, key2, value, tag);
  } else {
    frame.key = value;
    frame.keyPosition = state.position;
    frame.hasKey = true;
    frame.keyIsMerge = tag.tagName === MERGE_TAG_NAME;
  }
}
function storeAnchor(state, event, value, tag, isValueFinal) {
  if (event.anchorStart !== NO_RANGE$2) {
    const anchor = {
      value,
      tag,
      isValueFinal
    };
    state.anchors.set(state.source.slice(event.anchorStart, event.anchorEnd), anchor);
    return anchor;
  }
  return null;
}
function constructFromEvents(events, options) {
  const state = {
    ...DEFAULT_CONSTRUCTOR_OPTIONS,
    ...options,
    events,
    documents: [],
    eventIndex: 0,
    position: 0,
    frames: [],
    anchors: /* @__PURE__ */ new Map(),
    nodeTags: /* @__PURE__ */ new Map(),
    tagHandlers: /* @__PURE__ */ Object.create(null),
    totalMergeKeys: 0,
    aliasCount: 0
  };
  while (state.eventIndex < state.events.length) {
    const event = state.events[state.eventIndex++];
    state.position = eventPosition$1(event);
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        state.anchors = /* @__PURE__ */ new Map();
        state.nodeTags = /* @__PURE__ */ new Map();
        state.aliasCount = 0;
        state.tagHandlers = /* @__PURE__ */ Object.create(null);
        for (const directive of event.directives) if (directive.kind === "tag") state.tagHandlers[directive.handle] = directive.prefix;
        state.frames.push({
          kind: "document",
          position: state.position,
          value: void 0,
          hasValue: false
        });
        break;
      case EVENT_ID.SCALAR: {
        const { value, tag } = constructScalar(state, event);
        storeAnchor(state, event, value, tag, true);
        addValue(state, value, tag);
        break;
      }
      case EVENT_ID.SEQUENCE: {
        const tagName = collectionTagName(state, event, "tag:yaml.org,2002:seq");
        const tag = state.schema.lookupSequenceTag(tagName);
        if (!tag) throwError$1(state, `unknown sequence tag !<${tagName}>`);
        const value = tag.create(tagName);
        const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
        state.frames.push({
          kind: "sequence",
          position: state.position,
          value,
          tag,
          anchor,
          index: 0
        });
        break;
      }
      case EVENT_ID.MAPPING: {
        const tagName = collectionTagName(state, event, "tag:yaml.org,2002:map");
        const tag = state.schema.lookupMappingTag(tagName);
        if (!tag) throwError$1(state, `unknown mapping tag !<${tagName}>`);
        const value = tag.create(tagName);
        const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
        state.frames.push({
          kind: "mapping",
          position: state.position,
          value,
          tag,
          anchor,
          key: void 0,
          keyPosition: state.position,
          hasKey: false,
          keyIsMerge: false,
          overridable: null
        });
        break;
      }
      case EVENT_ID.ALIAS: {
        if (state.maxAliases !== -1 && ++state.aliasCount > state.maxAliases) throwError$1(state, `aliases exceeded maxAliases (${state.maxAliases})`);
        const name = state.source.slice(event.anchorStart, event.anchorEnd);
        const anchor = state.anchors.get(name);
        if (!anchor) throwError$1(state, `unidentified alias "${name}"`);
        if (!anchor.isValueFinal) throwError$1(state, `recursive alias "${name}" is not supported for tag ${anchor.tag.tagName} because it uses finalize()`);
        addValue(state, anchor.value, anchor.tag);
        break;
      }
      case EVENT_ID.POP: {
        const frame = state.frames.pop();
        if (frame.kind === "mapping" && frame.hasKey) {
          state.position = frame.keyPosition;
          throwError$1(state, "incomplete mapping pair in event stream");
        }
        if (frame.kind === "document") state.documents.push(frame.value);
        else {
          const value = frame.tag.carrierIsResult ? frame.value : finalizeCollection(state, frame.position, frame.tag, frame.value);
          if (frame.anchor) {
            frame.anchor.value = value;
            frame.anchor.isValueFinal = true;
          }
          addValue(state, value, frame.tag);
        }
        break;
      }
    }
  }
  return state.documents;
}
var NO_RANGE$1 = -1;
var HAS_OWN = Object.prototype.hasOwnProperty;
var CONTEXT_FLOW_IN = 1;
var CONTEXT_FLOW_OUT = 2;
var CONTEXT_BLOCK_IN = 3;
var CONTEXT_BLOCK_OUT = 4;
var PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
var PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
var PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
var NS_URI_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$,_.!~*'()\[\]])`;
var NS_TAG_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$.~*'()_])`;
var PATTERN_TAG_URI = new RegExp(`^(?:${NS_URI_CHAR})*$`);
var PATTERN_TAG_SUFFIX = new RegExp(`^(?:${NS_TAG_CHAR})+$`);
var PATTERN_TAG_PREFIX = new RegExp(`^(?:!(?:${NS_URI_CHAR})*|${NS_TAG_CHAR}(?:${NS_URI_CHAR})*)$`);
var DEFAULT_PARSER_OPTIONS = {
  filename: "",
  maxDepth: 100
};
function addDocumentEvent(state, explicitStart, explicitEnd) {
  state.events.push({
    type: EVENT_ID.DOCUMENT,
    explicitStart,
    explicitEnd,
    directives: state.directives
  });
}
function addSequenceEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
  state.events.push({
    type: EVENT_ID.SEQUENCE,
    start,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style
  });
}
function addMappingEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
  state.events.push({
    type: EVENT_ID.MAPPING,
    start,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style
  });
}
function insertFlowPairMappingEvent(state, snapshot) {
  state.events.splice(snapshot.eventsLength, 0, {
    type: EVENT_ID.MAPPING,
    start: snapshot.position,
    anchorStart: NO_RANGE$1,
    anchorEnd: NO_RANGE$1,
    tagStart: NO_RANGE$1,
    tagEnd: NO_RANGE$1,
    style: COLLECTION_STYLE.FLOW
  });
}
function addScalarEvent(state, valueStart, valueEnd, anchorStart, anchorEnd, tagStart, tagEnd, style, chomping = CHOMPING_MODE.CLIP, indent = -1, fast = false) {
  state.events.push({
    type: EVENT_ID.SCALAR,
    valueStart,
    valueEnd,
    anchorStart,
    anchorEnd,
    tagStart,
    tagEnd,
    style,
    chomping,
    indent,
    fast
  });
}
function addAliasEvent(state, anchorStart, anchorEnd) {
  state.events.push({
    type: EVENT_ID.ALIAS,
    anchorStart,
    anchorEnd
  });
}
function addPopEvent(state) {
  state.events.push({ type: EVENT_ID.POP });
}
function addEmptyScalarEvent(state) {
  addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, SCALAR_STYLE.PLAIN);
}
function emptyProperties() {
  return {
    anchorStart: NO_RANGE$1,
    anchorEnd: NO_RANGE$1,
    tagStart: NO_RANGE$1,
    tagEnd: NO_RANGE$1
  };
}
function snapshotState(state) {
  return {
    position: state.position,
    line: state.line,
    lineStart: state.lineStart,
    lineIndent: state.lineIndent,
    firstTabInLine: state.firstTabInLine,
    eventsLength: state.events.length
  };
}
function restoreState(state, snapshot) {
  state.position = snapshot.position;
  state.line = snapshot.line;
  state.lineStart = snapshot.lineStart;
  state.lineIndent = snapshot.lineIndent;
  state.firstTabInLine = snapshot.firstTabInLine;
  state.events.length = snapshot.eventsLength;
}
function throwError(state, message) {
  YAMLException.throwAt(state.input.slice(0, state.length), state.position, message, state.filename);
}
function isEol(c) {
  return c === 10 || c === 13;
}
function isWhiteSpace(c) {
  return c === 9 || c === 32;
}
function isWsOrEol(c) {
  return isWhiteSpace(c) || isEol(c);
}
function isWsOrEolOrEnd(c) {
  return c === 0 || isWsOrEol(c);
}
function isFlowIndicator(c) {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
function fromDecimalCode(c) {
  return c >= 48 && c <= 57 ? c - 48 : -1;
}
function fromHexCode(c) {
  if (c >= 48 && c <= 57) return c - 48;
  const lc = c | 32;
  if (lc >= 97 && lc <= 102) return lc - 97 + 10;
  return -1;
}
function escapedHexLen(c) {
  if (c === 120) return 2;
  if (c === 117) return 4;
  if (c === 85) return 8;
  return 0;
}
function isSimpleEscape(c) {
  return c === 48 || c === 97 || c === 98 || c === 116 || c === 9 || c === 110 || c === 118 || c === 102 || c === 114 || c === 101 || c === 32 || c === 34 || c === 47 || c === 92 || c === 78 || c === 95 || c === 76 || c === 80;
}
function consumeLineBreak(state) {
  if (state.input.charCodeAt(state.position) === 10) state.position++;
  else {
    state.position++;
    if (state.input.charCodeAt(state.position) === 10) state.position++;
  }
  state.line++;
  state.lineStart = state.position;
  state.lineIndent = 0;
  state.firstTabInLine = -1;
}
function skipSeparationSpace(state, allowComments) {
  let lineBreaks = 0;
  let ch = state.input.charCodeAt(state.position);
  let hasSeparation = state.position === state.lineStart || isWsOrEol(state.input.charCodeAt(state.position - 1));
  while (ch !== 0) {
    while (isWhiteSpace(ch)) {
      hasSeparation = true;
      if (ch === 9 && state.firstTabInLine === -1) state.firstTabInLine = state.position;
      ch = state.input.charCodeAt(++state.position);
    }
    if (allowComments && hasSeparation && ch === 35) do
      ch = state.input.charCodeAt(++state.position);
    while (!isEol(ch) && ch !== 0);
    if (!isEol(ch)) break;
    consumeLineBreak(state);
    lineBreaks++;
    hasSeparation = true;
    ch = state.input.charCodeAt(state.position);
    while (ch === 32) {
      state.lineIndent++;
      ch = state.input.charCodeAt(++state.position);
    }
  }
  return lineBreaks;
}
function testDocumentSeparator(state, position2 = state.position) {
  const ch = state.input.charCodeAt(position2);
  if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(position2 + 1) && ch === state.input.charCodeAt(position2 + 2)) {
    const following = state.input.charCodeAt(position2 + 3);
    return following === 0 || isWsOrEol(following);
  }
  return false;
}
function skipByteOrderMark(state) {
  if (state.position === state.lineStart && state.input.charCodeAt(state.position) === 65279) {
    state.position++;
    state.lineStart = state.position;
  }
}
function testDocumentBoundary(state) {
  if (state.position !== state.lineStart) return false;
  if (testDocumentSeparator(state)) return true;
  if (state.input.charCodeAt(state.position) !== 65279) return false;
  const snapshot = snapshotState(state);
  skipByteOrderMark(state);
  skipSeparationSpace(state, true);
  const ch = state.input.charCodeAt(state.position);
  const result = state.position === state.lineStart && (ch === 37 || ch === 45 && testDocumentSeparator(state));
  restoreState(state, snapshot);
  return result;
}
function skipUntilLineEnd(state) {
  let ch = state.input.charCodeAt(state.position);
  while (ch !== 0 && !isEol(ch)) ch = state.input.charCodeAt(++state.position);
}
function checkPrintable(state, start, end) {
  const match = PATTERN_NON_PRINTABLE.exec(state.input.slice(start, end));
  if (match !== null) {
    state.position = start + match.index + match[0].length - 1;
    throwError(state, "the stream contains non-printable characters");
  }
}
function readTagProperty(state, props, inFlow) {
  if (state.input.charCodeAt(state.position) !== 33) return false;
  if (props.tagStart !== NO_RANGE$1) throwError(state, "duplication of a tag property");
  const start = state.position;
  let isVerbatim = false;
  let isNamed = false;
  let tagHandle = "!";
  let ch = state.input.charCodeAt(++state.position);
  if (ch === 60) {
    isVerbatim = true;
    ch = state.input.charCodeAt(++state.position);
  } else if (ch === 33) {
    isNamed = true;
    tagHandle = "!!";
    ch = state.input.charCodeAt(++state.position);
  }
  let suffixStart = state.position;
  let tagName;
  if (isVerbatim) {
    while (ch !== 0 && ch !== 62) ch = state.input.charCodeAt(++state.position);
    if (ch !== 62) throwError(state, "unexpected end of the stream within a verbatim tag");
    tagName = state.input.slice(suffixStart, state.position);
    state.position++;
  } else {
    while (ch !== 0 && !isWsOrEol(ch) && !(inFlow && isFlowIndicator(ch))) {
      if (ch === 33) {
        if (!isNamed) {
          tagHandle = state.input.slice(suffixStart - 1, state.position + 1);
          if (!PATTERN_TAG_HANDLE.test(tagHandle)) throwError(state, "named tag handle cannot contain such characters");
          isNamed = true;
          suffixStart = state.position + 1;
        } else throwError(state, "tag suffix cannot contain exclamation marks");
      }
      ch = state.input.charCodeAt(++state.position);
    }
    tagName = state.input.slice(suffixStart, state.position);
    if (PATTERN_FLOW_INDICATORS.test(tagName)) throwError(state, "tag suffix cannot contain flow indicator characters");
  }
  if (tagName && !(isVerbatim ? PATTERN_TAG_URI.test(tagName) : PATTERN_TAG_SUFFIX.test(tagName))) throwError(state, `tag name cannot contain such characters: ${tagName}`);
  if (!isVerbatim && tagHandle !== "!" && tagHandle !== "!!" && !HAS_OWN.call(state.tagHandlers, tagHandle)) throwError(state, `undeclared tag handle "${tagHandle}"`);
  props.tagStart = start;
  props.tagEnd = state.position;
  return true;
}
function readAnchorProperty(state, props) {
  if (state.input.charCodeAt(state.position) !== 38) return false;
  if (props.anchorStart !== NO_RANGE$1) throwError(state, "duplication of an anchor property");
  state.position++;
  const start = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
  if (state.position === start) throwError(state, "name of an anchor node must contain at least one character");
  props.anchorStart = start;
  props.anchorEnd = state.position;
  return true;
}
function readAlias(state, props) {
  if (state.input.charCodeAt(state.position) !== 42) return false;
  if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) throwError(state, "alias node should not have any properties");
  state.position++;
  const start = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
  if (state.position === start) throwError(state, "name of an alias node must contain at least one character");
  addAliasEvent(state, start, state.position);
  return true;
}
function readFlowScalarBreak(state, nodeIndent) {
  skipSeparationSpace(state, false);
  if (state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readSingleQuotedScalar(state, nodeIndent, props) {
  if (state.input.charCodeAt(state.position) !== 39) return false;
  state.position++;
  const start = state.position;
  let simple = true;
  while (state.input.charCodeAt(state.position) !== 0) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 39) {
      if (state.input.charCodeAt(state.position + 1) === 39) {
        simple = false;
        state.position += 2;
        continue;
      }
      const end = state.position;
      state.position++;
      addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.SINGLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
      return true;
    }
    if (isEol(ch)) {
      simple = false;
      readFlowScalarBreak(state, nodeIndent);
    } else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a single quoted scalar");
    else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
    else state.position++;
  }
  throwError(state, "unexpected end of the stream within a single quoted scalar");
}
function readDoubleQuotedScalar(state, nodeIndent, props) {
  if (state.input.charCodeAt(state.position) !== 34) return false;
  state.position++;
  const start = state.position;
  let simple = true;
  while (state.input.charCodeAt(state.position) !== 0) {
    const ch = state.input.charCodeAt(state.position);
    if (ch === 34) {
      const end = state.position;
      state.position++;
      addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.DOUBLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
      return true;
    }
    if (ch === 92) {
      simple = false;
      const escaped = state.input.charCodeAt(++state.position);
      if (isEol(escaped)) readFlowScalarBreak(state, nodeIndent);
      else if (isSimpleEscape(escaped)) state.position++;
      else {
        let hexLength = escapedHexLen(escaped);
        if (hexLength === 0) throwError(state, "unknown escape sequence");
        while (hexLength-- > 0) {
          state.position++;
          if (fromHexCode(state.input.charCodeAt(state.position)) < 0) throwError(state, "expected hexadecimal character");
        }
        state.position++;
      }
    } else if (isEol(ch)) {
      simple = false;
      readFlowScalarBreak(state, nodeIndent);
    } else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a double quoted scalar");
    else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
    else state.position++;
  }
  throwError(state, "unexpected end of the stream within a double quoted scalar");
}
function readBlockScalar(state, parentIndent, props) {
  const ch = state.input.charCodeAt(state.position);
  let chomping = CHOMPING_MODE.CLIP;
  let indent = -1;
  let detectedIndent = false;
  if (ch !== 124 && ch !== 62) return false;
  const style = ch === 124 ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.FOLDED_BLOCK;
  state.position++;
  while (state.input.charCodeAt(state.position) !== 0) {
    const current = state.input.charCodeAt(state.position);
    const digit = fromDecimalCode(current);
    if (current === 43 || current === 45) {
      if (chomping !== CHOMPING_MODE.CLIP) throwError(state, "repeat of a chomping mode identifier");
      chomping = current === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
      state.position++;
    } else if (digit >= 0) {
      if (digit === 0) throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
      if (detectedIndent) throwError(state, "repeat of an indentation width identifier");
      indent = parentIndent + digit - 1;
      detectedIndent = true;
      state.position++;
    } else break;
  }
  let hadWhitespace = false;
  while (isWhiteSpace(state.input.charCodeAt(state.position))) {
    hadWhitespace = true;
    state.position++;
  }
  if (hadWhitespace && state.input.charCodeAt(state.position) === 35) skipUntilLineEnd(state);
  if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
  else if (state.input.charCodeAt(state.position) !== 0) throwError(state, "a line break is expected");
  let contentIndent = detectedIndent ? indent : -1;
  let maxLeadingIndent = 0;
  const valueStart = state.position;
  let valueEnd = state.position;
  while (state.input.charCodeAt(state.position) !== 0) {
    const linePosition = state.position;
    let column = 0;
    while (state.input.charCodeAt(linePosition + column) === 32) column++;
    const first = state.input.charCodeAt(linePosition + column);
    if (first === 0) {
      if (contentIndent >= 0) {
        if (column > contentIndent) valueEnd = linePosition + column;
      } else if (column > 0) valueEnd = linePosition + column;
      break;
    }
    if (testDocumentBoundary(state)) break;
    if (!detectedIndent && contentIndent === -1 && isEol(first)) maxLeadingIndent = Math.max(maxLeadingIndent, column);
    if (!detectedIndent && contentIndent === -1 && !isEol(first)) {
      if (first === 9 && column < parentIndent) {
        state.position = linePosition + column;
        throwError(state, "tab characters must not be used in indentation");
      }
      if (column >= parentIndent && column < maxLeadingIndent) {
        state.position = linePosition + column;
        throwError(state, "bad indentation of a mapping entry");
      }
    }
    if (contentIndent === -1 && first !== 0 && !isEol(first) && column < parentIndent) {
      state.lineIndent = column;
      state.position = linePosition + column;
      break;
    }
    if (!detectedIndent && first !== 0 && !isEol(first) && contentIndent === -1) contentIndent = column;
    const requiredIndent = contentIndent === -1 ? parentIndent + 1 : contentIndent;
    if (first !== 0 && !isEol(first) && column < requiredIndent) {
      state.lineIndent = column;
      state.position = linePosition + column;
      break;
    }
    skipUntilLineEnd(state);
    valueEnd = state.position;
    if (isEol(state.input.charCodeAt(state.position))) {
      consumeLineBreak(state);
      valueEnd = state.position;
    }
  }
  checkPrintable(state, valueStart, valueEnd);
  addScalarEvent(state, valueStart, valueEnd, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, style, chomping, contentIndent);
  return true;
}
function canStartPlainScalar(state, nodeContext) {
  const ch = state.input.charCodeAt(state.position);
  const inFlow = nodeContext === CONTEXT_FLOW_IN;
  if (ch === 0 || isWsOrEol(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96 || isFlowIndicator(ch)) return false;
  if (ch === 63 || ch === 45) {
    const following = state.input.charCodeAt(state.position + 1);
    if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) return false;
  }
  return true;
}
function readPlainScalar(state, nodeIndent, nodeContext, props) {
  if (!canStartPlainScalar(state, nodeContext)) return false;
  const start = state.position;
  let end = state.position;
  let ch = state.input.charCodeAt(state.position);
  const inFlow = nodeContext === CONTEXT_FLOW_IN;
  let multiline = false;
  while (ch !== 0) {
    if (testDocumentBoundary(state)) break;
    if (ch === 58) {
      const following = state.input.charCodeAt(state.position + 1);
      if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) break;
    } else if (ch === 35) {
      if (isWsOrEol(state.input.charCodeAt(state.position - 1))) break;
    } else if (inFlow && isFlowIndicator(ch)) break;
    else if (isEol(ch)) {
      const savedPosition = state.position;
      const savedLine = state.line;
      const savedLineStart = state.lineStart;
      const savedLineIndent = state.lineIndent;
      skipSeparationSpace(state, false);
      if (state.lineIndent >= nodeIndent) {
        multiline = true;
        ch = state.input.charCodeAt(state.position);
        continue;
      }
      state.position = savedPosition;
      state.line = savedLine;
      state.lineStart = savedLineStart;
      state.lineIndent = savedLineIndent;
      break;
    }
    if (!isWhiteSpace(ch)) end = state.position + 1;
    ch = state.input.charCodeAt(++state.position);
  }
  if (end === start) return false;
  checkPrintable(state, start, end);
  addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN, CHOMPING_MODE.CLIP, -1, !multiline);
  return true;
}
function skipFlowSeparationSpace(state, nodeIndent) {
  const startLine = state.line;
  skipSeparationSpace(state, true);
  if (state.line > startLine && state.lineIndent < nodeIndent || state.firstTabInLine !== -1 && state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readFlowCollection(state, nodeIndent, props) {
  const ch = state.input.charCodeAt(state.position);
  const isMapping = ch === 123;
  const start = state.position;
  let readNext = true;
  if (ch !== 91 && ch !== 123) return false;
  const terminator = isMapping ? 125 : 93;
  if (isMapping) addMappingEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
  else addSequenceEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
  state.position++;
  while (state.input.charCodeAt(state.position) !== 0) {
    skipFlowSeparationSpace(state, nodeIndent);
    let ch2 = state.input.charCodeAt(state.position);
    if (ch2 === terminator) {
      state.position++;
      addPopEvent(state);
      return true;
    } else if (!readNext) throwError(state, "missed comma between flow collection entries");
    else if (ch2 === 44) throwError(state, "expected the node content, but found ','");
    let isPair = false;
    let isExplicitPair = false;
    if (ch2 === 63 && isWsOrEol(state.input.charCodeAt(state.position + 1))) {
      isPair = isExplicitPair = true;
      state.position += 1;
      skipFlowSeparationSpace(state, nodeIndent);
    }
    const entryLine = state.line;
    const entryStart = snapshotState(state);
    const keyWasRead = parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
    skipFlowSeparationSpace(state, nodeIndent);
    ch2 = state.input.charCodeAt(state.position);
    if ((isMapping || isExplicitPair || state.line === entryLine) && ch2 === 58) {
      isPair = true;
      state.position++;
      skipFlowSeparationSpace(state, nodeIndent);
      if (!isMapping) {
        insertFlowPairMappingEvent(state, entryStart);
        if (!keyWasRead) addEmptyScalarEvent(state);
      } else if (!keyWasRead) addEmptyScalarEvent(state);
      if (!parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true)) addEmptyScalarEvent(state);
      skipFlowSeparationSpace(state, nodeIndent);
      if (!isMapping) addPopEvent(state);
    } else if (isMapping && isPair) {
      if (!keyWasRead) addEmptyScalarEvent(state);
      addEmptyScalarEvent(state);
    } else if (isMapping) addEmptyScalarEvent(state);
    else if (isPair) {
      insertFlowPairMappingEvent(state, entryStart);
      if (!keyWasRead) addEmptyScalarEvent(state);
      addEmptyScalarEvent(state);
      addPopEvent(state);
    }
    ch2 = state.input.charCodeAt(state.position);
    if (ch2 === 44) {
      readNext = true;
      state.position++;
    } else readNext = false;
  }
  throwError(state, "unexpected end of the stream within a flow collection");
}
function readBlockSequence(state, nodeIndent, props) {
  if (state.firstTabInLine !== -1 || state.input.charCodeAt(state.position) !== 45 || !isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) return false;
  addSequenceEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
  while (state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) {
    if (state.firstTabInLine !== -1) {
      state.position = state.firstTabInLine;
      throwError(state, "tab characters must not be used in indentation");
    }
    const entryLine = state.line;
    state.position++;
    const hadBreak = skipSeparationSpace(state, true) > 0;
    if (state.firstTabInLine !== -1 && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
    if (hadBreak && state.lineIndent <= nodeIndent) addEmptyScalarEvent(state);
    else parseNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
    skipSeparationSpace(state, true);
    if (state.lineIndent < nodeIndent || state.position >= state.length) break;
    if (state.lineIndent > nodeIndent) throwError(state, "bad indentation of a sequence entry");
    if (state.line === entryLine && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
  }
  addPopEvent(state);
  return true;
}
function readBlockMapping(state, nodeIndent, flowIndent, props) {
  let atExplicitKey = false;
  let detected = false;
  let mappingOpened = false;
  let pendingExplicitKey = false;
  if (state.firstTabInLine !== -1) return false;
  let ch = state.input.charCodeAt(state.position);
  while (ch !== 0) {
    if (!atExplicitKey && state.firstTabInLine !== -1) {
      state.position = state.firstTabInLine;
      throwError(state, "tab characters must not be used in indentation");
    }
    const following = state.input.charCodeAt(state.position + 1);
    const entryLine = state.line;
    if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(following)) {
      if (!mappingOpened) {
        addMappingEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
        mappingOpened = true;
      }
      if (ch === 63) {
        if (atExplicitKey) addEmptyScalarEvent(state);
        detected = true;
        atExplicitKey = true;
      } else if (atExplicitKey) atExplicitKey = false;
      else {
        addEmptyScalarEvent(state);
        detected = true;
        atExplicitKey = false;
      }
      state.position += 1;
      pendingExplicitKey = true;
    } else {
      if (atExplicitKey) {
        addEmptyScalarEvent(state);
        atExplicitKey = false;
      }
      const beforeKey = snapshotState(state);
      if (!parseNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) break;
      if (state.line === entryLine) {
        ch = state.input.charCodeAt(state.position);
        while (isWhiteSpace(ch)) ch = state.input.charCodeAt(++state.position);
        if (ch === 58) {
          ch = state.input.charCodeAt(++state.position);
          if (!isWsOrEolOrEnd(ch)) throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
          if (!mappingOpened) {
            state.events.splice(beforeKey.eventsLength, 0, {
              type: EVENT_ID.MAPPING,
              start: beforeKey.position,
              anchorStart: props.anchorStart,
              anchorEnd: props.anchorEnd,
              tagStart: props.tagStart,
              tagEnd: props.tagEnd,
              style: COLLECTION_STYLE.BLOCK
            });
            mappingOpened = true;
          }
          detected = true;
          atExplicitKey = false;
          pendingExplicitKey = false;
        } else if (detected) throwError(state, "expected ':' after a mapping key");
        else {
          if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
            restoreState(state, beforeKey);
            return false;
          }
          return true;
        }
      } else if (detected) throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
      else {
        if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
          restoreState(state, beforeKey);
          return false;
        }
        return true;
      }
    }
    if (parseNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, pendingExplicitKey)) pendingExplicitKey = false;
    if (!atExplicitKey) {
      if (pendingExplicitKey) {
        addEmptyScalarEvent(state);
        pendingExplicitKey = false;
      }
    }
    skipSeparationSpace(state, true);
    ch = state.input.charCodeAt(state.position);
    if ((state.line === entryLine || state.lineIndent > nodeIndent) && ch !== 0) throwError(state, "bad indentation of a mapping entry");
    else if (state.lineIndent < nodeIndent) break;
  }
  if (!detected) return false;
  if (atExplicitKey) addEmptyScalarEvent(state);
  if (mappingOpened) addPopEvent(state);
  return true;
}
function parseNode(state, parentIndent, nodeContext, allowToSeek, allowCompact, allowPropertyMapping = true) {
  if (state.depth >= state.maxDepth) throwError(state, `nesting exceeded maxDepth (${state.maxDepth})`);
  state.depth++;
  let indentStatus = 1;
  let atNewLine = false;
  let hasContent = false;
  let propertyStart = null;
  const props = emptyProperties();
  let allowBlockScalars = nodeContext === CONTEXT_BLOCK_OUT || nodeContext === CONTEXT_BLOCK_IN;
  let allowBlockCollections = allowBlockScalars;
  const allowBlockStyles = allowBlockScalars;
  if (allowToSeek && skipSeparationSpace(state, true)) {
    atNewLine = true;
    if (state.lineIndent > parentIndent) indentStatus = 1;
    else if (state.lineIndent === parentIndent) indentStatus = 0;
    else indentStatus = -1;
  }
  if (indentStatus === 1) while (true) {
    const ch = state.input.charCodeAt(state.position);
    const propertyState = snapshotState(state);
    if (atNewLine && indentStatus !== 1 && (ch === 33 || ch === 38)) break;
    if (atNewLine && allowBlockStyles && (props.tagStart !== NO_RANGE$1 || props.anchorStart !== NO_RANGE$1) && (ch === 33 || ch === 38)) {
      const fallbackState = snapshotState(state);
      const flowIndent = parentIndent + 1;
      if (readBlockMapping(state, state.position - state.lineStart, flowIndent, props) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) {
        state.depth--;
        return true;
      }
      restoreState(state, fallbackState);
    }
    if (atNewLine && (ch === 33 && props.tagStart !== NO_RANGE$1 || ch === 38 && props.anchorStart !== NO_RANGE$1)) break;
    if (!readTagProperty(state, props, nodeContext === CONTEXT_FLOW_IN) && !readAnchorProperty(state, props)) break;
    if (propertyStart === null) propertyStart = propertyState;
    if (skipSeparationSpace(state, true)) {
      atNewLine = true;
      allowBlockCollections = allowBlockStyles;
      if (state.lineIndent > parentIndent) indentStatus = 1;
      else if (state.lineIndent === parentIndent) indentStatus = 0;
      else indentStatus = -1;
    } else allowBlockCollections = false;
  }
  if (allowBlockCollections) allowBlockCollections = atNewLine || allowCompact;
  if (indentStatus === 1 || nodeContext === CONTEXT_BLOCK_OUT) {
    const flowIndent = nodeContext === CONTEXT_FLOW_IN || nodeContext === CONTEXT_FLOW_OUT ? parentIndent : parentIndent + 1;
    const blockIndent = state.position - state.lineStart;
    if (indentStatus === 1) {
      if (allowBlockCollections && (readBlockSequence(state, blockIndent, props) || readBlockMapping(state, blockIndent, flowIndent, props)) || readFlowCollection(state, flowIndent, props)) hasContent = true;
      else {
        const ch = state.input.charCodeAt(state.position);
        if (propertyStart !== null && allowPropertyMapping && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62) {
          const fallbackState = snapshotState(state);
          const propertyIndent = propertyStart.position - propertyStart.lineStart;
          restoreState(state, propertyStart);
          if (readBlockMapping(state, propertyIndent, flowIndent, emptyProperties()) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) hasContent = true;
          else restoreState(state, fallbackState);
        }
        if (!hasContent && (allowBlockScalars && readBlockScalar(state, flowIndent, props) || readSingleQuotedScalar(state, flowIndent, props) || readDoubleQuotedScalar(state, flowIndent, props) || readAlias(state, props) || readPlainScalar(state, flowIndent, nodeContext, props))) hasContent = true;
      }
    } else if (indentStatus === 0) hasContent = allowBlockCollections && readBlockSequence(state, blockIndent, props);
  }
  allowBlockScalars = allowBlockScalars && !hasContent;
  if (!hasContent && (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1 || allowBlockScalars)) {
    addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN);
    hasContent = true;
  }
  state.depth--;
  return hasContent || props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1;
}
function readDirective(state) {
  if (state.lineIndent > 0 || state.input.charCodeAt(state.position) !== 37) return false;
  state.position++;
  const nameStart = state.position;
  while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
  const name = state.input.slice(nameStart, state.position);
  const args = [];
  if (name.length === 0) throwError(state, "directive name must not be less than one character in length");
  while (state.input.charCodeAt(state.position) !== 0 && !isEol(state.input.charCodeAt(state.position))) {
    while (isWhiteSpace(state.input.charCodeAt(state.position))) state.position++;
    if (state.input.charCodeAt(state.position) === 35 || isEol(state.input.charCodeAt(state.position)) || state.input.charCodeAt(state.position) === 0) break;
    const start = state.position;
    while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
    args.push(state.input.slice(start, state.position));
  }
  if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
  if (name === "YAML") {
    if (state.directives.some((directive) => directive.kind === "yaml")) throwError(state, "duplication of %YAML directive");
    if (args.length !== 1) throwError(state, "YAML directive accepts exactly one argument");
    const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
    if (match === null) throwError(state, "ill-formed argument of the YAML directive");
    if (parseInt(match[1], 10) !== 1) throwError(state, "unacceptable YAML version of the document");
    state.directives.push({
      kind: "yaml",
      version: args[0]
    });
  } else if (name === "TAG") {
    if (args.length !== 2) throwError(state, "TAG directive accepts exactly two arguments");
    const [handle, prefix] = args;
    if (!PATTERN_TAG_HANDLE.test(handle)) throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
    if (HAS_OWN.call(state.tagHandlers, handle)) throwError(state, `there is a previously declared suffix for "${handle}" tag handle`);
    if (!PATTERN_TAG_PREFIX.test(prefix)) throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
    state.tagHandlers[handle] = prefix;
    state.directives.push({
      kind: "tag",
      handle,
      prefix
    });
  }
  return true;
}
function readDocument(state) {
  state.directives = [];
  state.tagHandlers = /* @__PURE__ */ Object.create(null);
  let hasDirectives = false;
  skipSeparationSpace(state, true);
  while (readDirective(state)) {
    hasDirectives = true;
    skipSeparationSpace(state, true);
  }
  let explicitStart = false;
  let explicitEnd = false;
  let allowCompact = true;
  if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 3))) {
    explicitStart = true;
    const markerLine = state.line;
    state.position += 3;
    skipSeparationSpace(state, true);
    allowCompact = state.line > markerLine;
  } else if (hasDirectives) throwError(state, "directives end mark is expected");
  const documentEventIndex = state.events.length;
  if (!explicitStart && state.position === state.lineStart && state.input.charCodeAt(state.position) === 46 && testDocumentSeparator(state)) {
    state.position += 3;
    skipSeparationSpace(state, true);
    return;
  }
  addDocumentEvent(state, explicitStart, false);
  if (!parseNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, allowCompact, allowCompact)) addEmptyScalarEvent(state);
  skipSeparationSpace(state, true);
  if (state.position === state.lineStart && testDocumentSeparator(state)) {
    explicitEnd = state.input.charCodeAt(state.position) === 46;
    if (explicitEnd) {
      const markerLine = state.line;
      state.position += 3;
      skipSeparationSpace(state, true);
      if (state.line === markerLine && state.position < state.length) throwError(state, "end of the stream or a document separator is expected");
    }
  }
  const documentEvent = state.events[documentEventIndex];
  if (documentEvent?.type === EVENT_ID.DOCUMENT) documentEvent.explicitEnd = explicitEnd;
  addPopEvent(state);
  if (!explicitEnd && state.position < state.length && !testDocumentBoundary(state)) throwError(state, "end of the stream or a document separator is expected");
}
function parseEvents(input, options) {
  const length = input.length;
  const state = {
    ...DEFAULT_PARSER_OPTIONS,
    ...options,
    input: `${input}\0`,
    length,
    position: 0,
    line: 0,
    lineStart: 0,
    lineIndent: 0,
    firstTabInLine: -1,
    depth: 0,
    directives: [],
    tagHandlers: /* @__PURE__ */ Object.create(null),
    events: []
  };
  const nullpos = input.indexOf("\0");
  if (nullpos !== -1) YAMLException.throwAt(input, nullpos, "null byte is not allowed in input", state.filename);
  while (state.position < state.length) {
    skipByteOrderMark(state);
    skipSeparationSpace(state, true);
    if (state.position >= state.length) break;
    const documentStart = state.position;
    readDocument(state);
    if (state.position === documentStart)
      throwError(state, "can not read a document");
  }
  return state.events;
}
var DEFAULT_LOAD_OPTIONS = {
  ...DEFAULT_PARSER_OPTIONS,
  ...DEFAULT_CONSTRUCTOR_OPTIONS
};
function loadDocuments(input, options = {}) {
  const opts = {
    ...DEFAULT_LOAD_OPTIONS,
    ...options
  };
  const source = String(input);
  const PARSER_OPT_KEYS = Object.keys(DEFAULT_PARSER_OPTIONS);
  const CONSTRUCTOR_OPT_KEYS = Object.keys(DEFAULT_CONSTRUCTOR_OPTIONS);
  return constructFromEvents(parseEvents(source, pick(opts, PARSER_OPT_KEYS)), {
    ...pick(opts, CONSTRUCTOR_OPT_KEYS),
    source
  });
}
function load(input, options) {
  const documents = loadDocuments(input, options);
  if (documents.length === 0) throw new YAMLException("expected a document, but the input is empty");
  if (documents.length === 1) return documents[0];
  throw new YAMLException("expected a single document in the stream, but found more");
}
function hasBit(mask, bit) {
  return (mask & 1 << bit) !== 0;
}
var DEFAULT_SCALAR_STYLE_RULES = {
  applyQuoteFlowKeysOption,
  doubleQuoteForInvisibles,
  doubleQuoteWhitespaceOnly,
  applyForceQuotesOption,
  tryLongOrMultilineAsBlock,
  quoteInvalidPlain,
  fallbackToDoubleQuoted
};
function _preferredQuotedStyle(layout) {
  if (layout.presenterOptions.quoteStyle === "single" && hasBit(layout.allowedStylesMask, SCALAR_STYLE.SINGLE_QUOTED)) return SCALAR_STYLE.SINGLE_QUOTED;
  return SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyQuoteFlowKeysOption(layout) {
  if (!layout.presenterOptions.quoteFlowKeys) return;
  if (!layout.isKey || !layout.flowOnly || layout.style !== SCALAR_STYLE.PLAIN) return;
  layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteForInvisibles(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteWhitespaceOnly(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && /^\s+$/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyForceQuotesOption(layout) {
  if (!layout.presenterOptions.forceQuotes) return;
  if (layout.isKey || layout.style !== SCALAR_STYLE.PLAIN) return;
  if (layout.node.tag !== layout.presenterOptions.schema.defaultScalarTag.tagName) return;
  layout.style = layout.node.value.includes("\n") ? SCALAR_STYLE.DOUBLE_QUOTED : _preferredQuotedStyle(layout);
}
function tryLongOrMultilineAsBlock(layout) {
  if (layout.style !== SCALAR_STYLE.PLAIN || layout.isKey) return;
  const value = layout.node.value;
  const multiline = value.indexOf("\n") !== -1;
  if (!hasBit(layout.allowedStylesMask, SCALAR_STYLE.LITERAL_BLOCK)) {
    if (multiline) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
    return;
  }
  const w = layout.presenterOptions.lineWidth;
  if (w === -1) {
    if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
    return;
  }
  const availableWidth = Math.max(Math.min(w, 40), w - layout.shiftOfContent);
  let position2 = 0;
  let shouldFold = false;
  while (position2 <= value.length) {
    let lineEnd = value.length;
    const nextLineBreak = value.indexOf("\n", position2);
    if (nextLineBreak !== -1) lineEnd = nextLineBreak;
    const line = value.slice(position2, lineEnd);
    if (line.length > availableWidth && line[0] !== " " && / [^ \t]/.test(line)) shouldFold = true;
    if (nextLineBreak === -1) break;
    position2 = nextLineBreak + 1;
  }
  if (shouldFold) layout.style = SCALAR_STYLE.FOLDED_BLOCK;
  else if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
}
function quoteInvalidPlain(layout) {
  if (layout.style === SCALAR_STYLE.PLAIN && !hasBit(layout.allowedStylesMask, SCALAR_STYLE.PLAIN)) layout.style = _preferredQuotedStyle(layout);
}
function fallbackToDoubleQuoted(layout) {
  if (!hasBit(layout.allowedStylesMask, layout.style)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
var SRC_C_PRINTABLE = "[\\x09\\x0A\\x0D\\x20-\\x7E\\x85\\xA0-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]";
var SRC_B_CHAR = "[\\n\\r]";
var SRC_C_BYTE_ORDER_MARK = "\\uFEFF";
var SRC_S_WHITE = "[ \\t]";
var SRC_NB_CHAR = `(?:(?!(?:${SRC_B_CHAR}|${SRC_C_BYTE_ORDER_MARK}))${SRC_C_PRINTABLE})`;
var SRC_NS_CHAR = `(?:(?!${SRC_S_WHITE})${SRC_NB_CHAR})`;
var SRC_NB_JSON = "[\\x09\\x20-\\uD7FF\\uE000-\\uFFFF\\u{10000}-\\u{10FFFF}]";
var SRC_C_INDICATOR = "[-?:,\\[\\]{}#&*!|>'\"%@`]";
var SRC_C_FLOW_INDICATOR = "[,\\[\\]{}]";
var SRC_NS_PLAIN_SAFE_FLOW_OUT = SRC_NS_CHAR;
var SRC_NS_PLAIN_SAFE_FLOW_IN = `(?:(?!${SRC_C_FLOW_INDICATOR})${SRC_NS_CHAR})`;
var SRC_NS_PLAIN_FIRST_FLOW_OUT = `(?:(?:(?!${SRC_C_INDICATOR})${SRC_NS_CHAR})|[?:-](?=${SRC_NS_PLAIN_SAFE_FLOW_OUT}))`;
var SRC_NS_PLAIN_FIRST_FLOW_IN = `(?:(?:(?!${SRC_C_INDICATOR})${SRC_NS_CHAR})|[?:-](?=${SRC_NS_PLAIN_SAFE_FLOW_IN}))`;
var SRC_NS_PLAIN_CHAR_FLOW_OUT = `(?:(?:(?![:#])${SRC_NS_PLAIN_SAFE_FLOW_OUT})|:(?=${SRC_NS_PLAIN_SAFE_FLOW_OUT}))#*`;
var SRC_NS_PLAIN_CHAR_FLOW_IN = `(?:(?:(?![:#])${SRC_NS_PLAIN_SAFE_FLOW_IN})|:(?=${SRC_NS_PLAIN_SAFE_FLOW_IN}))#*`;
var SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT = `(?:${SRC_S_WHITE}*${SRC_NS_PLAIN_CHAR_FLOW_OUT})*`;
var SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN = `(?:${SRC_S_WHITE}*${SRC_NS_PLAIN_CHAR_FLOW_IN})*`;
var SRC_NS_PLAIN_ONE_LINE_FLOW_OUT = `${SRC_NS_PLAIN_FIRST_FLOW_OUT}#*${SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT}`;
var SRC_NS_PLAIN_ONE_LINE_FLOW_IN = `${SRC_NS_PLAIN_FIRST_FLOW_IN}#*${SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN}`;
var SRC_NS_PLAIN_ONE_LINE_BLOCK_KEY = SRC_NS_PLAIN_ONE_LINE_FLOW_OUT;
var SRC_NS_PLAIN_ONE_LINE_FLOW_KEY = SRC_NS_PLAIN_ONE_LINE_FLOW_IN;
var SRC_S_NS_PLAIN_NEXT_LINE_FLOW_OUT = `\\n+${SRC_NS_PLAIN_CHAR_FLOW_OUT}${SRC_NB_NS_PLAIN_IN_LINE_FLOW_OUT}`;
var SRC_S_NS_PLAIN_NEXT_LINE_FLOW_IN = `\\n+${SRC_NS_PLAIN_CHAR_FLOW_IN}${SRC_NB_NS_PLAIN_IN_LINE_FLOW_IN}`;
var SRC_NS_PLAIN_MULTI_LINE_FLOW_OUT = `${SRC_NS_PLAIN_ONE_LINE_FLOW_OUT}(?:${SRC_S_NS_PLAIN_NEXT_LINE_FLOW_OUT})*`;
var SRC_NS_PLAIN_MULTI_LINE_FLOW_IN = `${SRC_NS_PLAIN_ONE_LINE_FLOW_IN}(?:${SRC_S_NS_PLAIN_NEXT_LINE_FLOW_IN})*`;
var NS_PLAIN_FLOW_OUT = new RegExp(`^(?:${SRC_NS_PLAIN_MULTI_LINE_FLOW_OUT})$`, "u");
var NS_PLAIN_FLOW_IN = new RegExp(`^(?:${SRC_NS_PLAIN_MULTI_LINE_FLOW_IN})$`, "u");
var NS_PLAIN_BLOCK_KEY = new RegExp(`^(?:${SRC_NS_PLAIN_ONE_LINE_BLOCK_KEY})$`, "u");
var NS_PLAIN_FLOW_KEY = new RegExp(`^(?:${SRC_NS_PLAIN_ONE_LINE_FLOW_KEY})$`, "u");
var NB_SINGLE_ONE_LINE = new RegExp(`^(?:${SRC_NB_JSON})*$`, "u");
var NB_SINGLE_MULTI_LINE = new RegExp(`^(?:${SRC_NB_JSON}|\\n)*$`, "u");
var BLOCK_SCALAR_CONTENT = new RegExp(`^(?:${SRC_NB_CHAR}|\\n)*$`, "u");
var DEFAULT_PRESENTER_OPTIONS = {
  indent: 2,
  seqNoIndent: false,
  seqInlineFirst: true,
  lineWidth: 80,
  flowBracketPadding: false,
  flowSkipCommaSpace: false,
  flowSkipColonSpace: false,
  quoteFlowKeys: false,
  quoteStyle: "single",
  forceQuotes: false,
  scalarStyleRules: Object.keys(DEFAULT_SCALAR_STYLE_RULES).map((name) => Reflect.get(DEFAULT_SCALAR_STYLE_RULES, name)),
  tagBeforeAnchor: false
};
var DEFAULT_DUMP_OPTIONS = {
  ...DEFAULT_PRESENTER_OPTIONS,
  schema: DUMP_SCHEMA,
  skipInvalid: false,
  noRefs: false,
  flowLevel: -1,
  sortKeys: false,
  transform: () => {
  }
};
var EVENT_DOCUMENT = EVENT_ID.DOCUMENT;
var EVENT_SEQUENCE = EVENT_ID.SEQUENCE;
var EVENT_MAPPING = EVENT_ID.MAPPING;
var EVENT_SCALAR = EVENT_ID.SCALAR;
var EVENT_ALIAS = EVENT_ID.ALIAS;
var EVENT_POP = EVENT_ID.POP;
var SCALAR_STYLE_PLAIN = SCALAR_STYLE.PLAIN;
var SCALAR_STYLE_SINGLE_QUOTED = SCALAR_STYLE.SINGLE_QUOTED;
var SCALAR_STYLE_DOUBLE_QUOTED = SCALAR_STYLE.DOUBLE_QUOTED;
var SCALAR_STYLE_LITERAL_BLOCK = SCALAR_STYLE.LITERAL_BLOCK;
var SCALAR_STYLE_FOLDED_BLOCK = SCALAR_STYLE.FOLDED_BLOCK;
var COLLECTION_STYLE_BLOCK = COLLECTION_STYLE.BLOCK;
var COLLECTION_STYLE_FLOW = COLLECTION_STYLE.FLOW;
var CHOMPING_CLIP = CHOMPING_MODE.CLIP;
var CHOMPING_STRIP = CHOMPING_MODE.STRIP;
var CHOMPING_KEEP = CHOMPING_MODE.KEEP;

// src/inputs/manifest.ts
function stringField(record, key2, where) {
  const value = record[key2];
  if (value === void 0) return "";
  if (typeof value !== "string") throw new Error(`action.yml: ${where}.${key2} must be a string`);
  return value;
}
function literalDefault(spec) {
  return spec.default.includes("${{") ? "" : spec.default;
}
function parseManifest(text2) {
  const doc = load(text2);
  if (!isRecord(doc) || !isRecord(doc["inputs"]) || !isRecord(doc["outputs"])) {
    throw new Error("action.yml: expected top-level `inputs` and `outputs` maps");
  }
  const inputs = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(doc["inputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: inputs.${name} must be a map`);
    inputs.set(name, Object.freeze({
      name,
      description: stringField(raw, "description", `inputs.${name}`),
      default: stringField(raw, "default", `inputs.${name}`)
    }));
  }
  const outputs = /* @__PURE__ */ new Map();
  for (const [name, raw] of Object.entries(doc["outputs"])) {
    if (!isRecord(raw)) throw new Error(`action.yml: outputs.${name} must be a map`);
    outputs.set(name, Object.freeze({ name, description: stringField(raw, "description", `outputs.${name}`) }));
  }
  return Object.freeze({ inputs, outputs });
}

// src/inputs/lists.ts
function parseList(raw, options) {
  const items = [];
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const cells = options.commas ? splitOnCommas(trimmed) : [trimmed];
    for (const cell of cells) {
      const item = unquote(cell.trim());
      if (item !== "") items.push(item);
    }
  }
  return items;
}
function splitOnCommas(line) {
  const cells = [];
  let current = "";
  let quoted2 = false;
  for (const char of line) {
    if (char === '"') quoted2 = !quoted2;
    if (char === "," && !quoted2) {
      cells.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current);
  return cells;
}
function unquote(item) {
  return item.length >= 2 && item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item;
}
function splitKeyValue(item) {
  const at = item.indexOf("=");
  if (at <= 0) return void 0;
  return { key: item.slice(0, at).trim(), value: item.slice(at + 1) };
}

// src/inputs/inputs.ts
var SECRET_INPUTS = Object.freeze(["ca-cert", "client-cert", "client-key", "secrets", "github-token"]);
var TRUE_WORDS = /* @__PURE__ */ new Set(["true", "True", "TRUE"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["false", "False", "FALSE"]);
function parseInputs(manifest, readRaw) {
  const value = (name) => {
    const spec = manifest.inputs.get(name);
    if (!spec) throw new Error(`input ${name} is not declared in action.yml`);
    const raw = readRaw(name).trim();
    return raw === "" ? literalDefault(spec) : raw;
  };
  const bool = (name) => {
    const raw = value(name);
    if (TRUE_WORDS.has(raw)) return true;
    if (FALSE_WORDS.has(raw)) return false;
    throw new UserError(name, `expected true or false, got ${quoted(raw)}`, `set ${name} to true or false`);
  };
  const list = (name, commas) => Object.freeze(parseList(value(name), { commas }));
  const pairs = (name, what, secret) => Object.freeze(list(name, false).map((item, index) => {
    const pair = splitKeyValue(item);
    if (!pair || pair.value === "") {
      const shown = secret ? `item ${index + 1}` : quoted(item);
      throw new UserError(name, `${shown} is not id=${what}`, `write each item on its own line as id=${what}`);
    }
    return Object.freeze(pair);
  }));
  const fallback = oneOf(value("fallback"), "fallback", ["auto", "always", "never"]);
  const remote = parseRemote({
    endpoint: value("endpoint"),
    platformEndpoints: value("platform-endpoints"),
    routingKey: value("routing-key"),
    caCert: value("ca-cert"),
    clientCert: value("client-cert"),
    clientKey: value("client-key"),
    tlsServerName: value("tls-server-name")
  }, fallback);
  const inputs = {
    remote: remote?.daemons,
    connectTimeoutMs: parseTimeout(value("connect-timeout")),
    fallback,
    fallbackBuilder: value("fallback-builder"),
    cacheScope: value("cache-scope"),
    cacheMounts: parseCacheMounts(value("cache-mounts")),
    githubToken: value("github-token"),
    buildxVersion: parseBuildxVersion(value("buildx-version")),
    context: value("context"),
    file: value("file"),
    tags: list("tags", true),
    labels: list("labels", false),
    annotations: list("annotations", false),
    buildArgs: list("build-args", false),
    buildContexts: list("build-contexts", false),
    target: value("target"),
    platforms: list("platforms", true),
    push: bool("push"),
    load: bool("load"),
    outputs: list("outputs", false),
    secrets: pairs("secrets", "value", true),
    secretFiles: pairs("secret-files", "path", false),
    secretEnvs: pairs("secret-envs", "VARIABLE", false),
    ssh: list("ssh", false),
    noCache: bool("no-cache"),
    noCacheFilters: list("no-cache-filters", true),
    pull: bool("pull"),
    cacheFrom: list("cache-from", false),
    cacheTo: list("cache-to", false),
    attests: list("attests", false),
    provenance: value("provenance"),
    sbom: value("sbom"),
    addHosts: list("add-hosts", true),
    network: value("network"),
    shmSize: value("shm-size"),
    ulimit: list("ulimit", false),
    allow: list("allow", true),
    cgroupParent: value("cgroup-parent"),
    call: oneOf(value("call") || "build", "call", ["build", "check", "outline", "targets"]),
    summary: bool("summary")
  };
  checkPush(inputs);
  checkFormats(inputs);
  return Object.freeze({ inputs: Object.freeze(inputs), credentialPems: remote?.pems });
}
function parseEndpoint(raw, input) {
  const fix = `set ${input} to the daemon's address, such as tcp://buildkit.example.com:1234`;
  if (raw === "") throw new UserError(input, "is required", fix);
  const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})\/?$/.exec(raw);
  if (!match) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1];
    const problem = scheme && scheme.toLowerCase() !== "tcp" ? `scheme ${scheme}:// is not supported, only tcp:// (BuildKit's TLS listener)` : `${quoted(raw)} is not tcp://host:port`;
    throw new UserError(input, problem, fix);
  }
  const [, hostPart = "", portText = ""] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new UserError(input, `port ${portText} is out of range`, fix);
  const host = hostPart.startsWith("[") ? hostPart.slice(1, -1) : hostPart;
  if (host.length > 253) throw new UserError(input, `${quoted(raw)} names a host longer than 253 characters`, fix);
  return Object.freeze({ url: `tcp://${hostPart}:${port}`, host, port });
}
var SHORTEST_TIMEOUT_S = 1;
function parseTimeout(raw) {
  const seconds2 = Number(raw);
  const fix = "set connect-timeout to, for example, 10";
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds2 <= 0 || seconds2 > 600) {
    throw new UserError("connect-timeout", `${quoted(raw)} is not a number of seconds between ${SHORTEST_TIMEOUT_S} and 600`, fix);
  }
  if (seconds2 < SHORTEST_TIMEOUT_S) {
    throw new UserError("connect-timeout", `${quoted(raw)} seconds is too short to reach any daemon; the shortest is ${SHORTEST_TIMEOUT_S} second`, fix);
  }
  return Math.round(seconds2 * 1e3);
}
function parseBuildxVersion(raw) {
  if (raw === "") return "";
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/.exec(raw);
  if (!match) {
    throw new UserError("buildx-version", `${quoted(raw)} is not a release version`, "leave it empty or set a release such as v0.38.2");
  }
  return `v${match[1]}`;
}
function oneOf(raw, name, allowed) {
  const found = allowed.find((a) => a === raw);
  if (found === void 0) throw new UserError(name, `${quoted(raw)} is not one of ${allowed.join(", ")}`, `set ${name} to ${allowed.join(", ")}`);
  return found;
}
function parseRemote(raw, fallback) {
  const certs = { "ca-cert": raw.caCert, "client-cert": raw.clientCert, "client-key": raw.clientKey };
  const missing = Object.entries(certs).filter(([, v]) => v === "").map(([k]) => k);
  const howToStore = "store the base64 of each PEM file in a CI secret (base64 -w0 client.pem) and pass it to this input";
  if (missing.length === 3 && fallback !== "never") return void 0;
  if (missing.length > 0) {
    const why = fallback === "never" && missing.length === 3 ? "required when fallback is never" : "required together with the other certificates";
    throw new UserError(missing.join(", "), why, howToStore);
  }
  const platformEndpoints = parseList(raw.platformEndpoints, { commas: true }).map((item) => {
    const pair = splitKeyValue(item);
    if (!pair || !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(pair.key)) {
      throw new UserError("platform-endpoints", `${quoted(item)} is not platform=tcp://host:port`, "write one per line, such as linux/arm64=tcp://arm-builder:1234");
    }
    return Object.freeze({ platform: pair.key, endpoint: parseEndpoint(pair.value.trim(), "platform-endpoints") });
  });
  if (raw.endpoint === "" && platformEndpoints.length === 0) {
    throw new UserError("endpoint", "is required when certificates are given", "set endpoint to the daemon's address, such as tcp://buildkit.example.com:1234");
  }
  const endpoints = parseList(raw.endpoint, { commas: true }).map((e) => parseEndpoint(e, "endpoint")).filter((e, i, all) => all.findIndex((o) => o.url === e.url) === i);
  return {
    daemons: Object.freeze({ endpoints: Object.freeze(endpoints), platformEndpoints: Object.freeze(platformEndpoints), routingKey: raw.routingKey, tlsServerName: raw.tlsServerName }),
    pems: Object.freeze({ caCertPem: raw.caCert, clientCertPem: raw.clientCert, clientKeyPem: raw.clientKey })
  };
}
function parseCacheMounts(raw) {
  if (raw === "auto" || raw === "off") return { mode: raw };
  const mounts = parseList(raw, { commas: false }).map((item) => {
    if (!item.includes("=")) return { id: item, target: item };
    const fields = mountOptions(item);
    const target = mountTarget(fields);
    if (!target.startsWith("/")) {
      throw new UserError("cache-mounts", `${quoted(item)} names no absolute target`, "write auto, off, or one mount per line: /root/.cache/go-build or id=gomod,target=/go/pkg/mod");
    }
    return { id: mountId(fields), target };
  });
  return { mode: "list", mounts: Object.freeze(mounts) };
}
function checkPush(inputs) {
  const namedOutput = inputs.outputs.some((o) => /(^|,)\s*name=/.test(o));
  if (inputs.push && inputs.tags.length === 0 && !namedOutput) {
    throw new UserError("tags", "push is true but no image name is given", "set tags to at least one image reference, such as registry.example.com/team/app:latest");
  }
}
function checkFormats(inputs) {
  checkContext(inputs.context);
  checkPlatforms("platforms", inputs.platforms);
  inputs.outputs.forEach(parseOutput);
  checkAttestation("provenance", inputs.provenance);
  checkAttestation("sbom", inputs.sbom);
  checkAttests(inputs.attests);
}

// src/policy/fallback.ts
function decideFallback(policy, failure) {
  if (policy === "never") return "fail";
  if (!failure.misconfigured) return "fall-back";
  return policy === "always" ? "fall-back-and-warn" : "fail";
}
function failureFromDiagnosis(diagnosis) {
  const message = `${diagnosis.message}. Fix: ${diagnosis.fix}`;
  if (diagnosis.kind === "misconfigured") return { reason: "tls-error", message, misconfigured: true };
  return { reason: diagnosis.reason === "timeout" ? "timeout" : "unreachable", message, misconfigured: false };
}
function lostConnection(stderr) {
  return /code = Unavailable|error reading from server|transport is closing|connection reset by peer|connection refused|broken pipe|http2: client connection lost|no active session/i.test(lastLines(stderr, 30).join("\n"));
}
function failWith(failure, policy) {
  return failure.cause ?? new Error(policy === "never" ? `${failure.message} (fallback is never)` : failure.message);
}

// src/registry/docker-config.ts
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";

// src/registry/auth.ts
function credHelpersKey(registry) {
  const host = registry.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? registry;
  return host === "docker.io" || host === "index.docker.io" ? "https://index.docker.io/v1/" : host;
}
function dockerConfigWithLogins(existing, logins) {
  let base = {};
  try {
    const parsed = existing === "" ? {} : JSON.parse(existing);
    if (isRecord(parsed)) base = parsed;
  } catch {
  }
  const auths = isRecord(base["auths"]) ? { ...base["auths"] } : {};
  for (const login of logins) {
    auths[login.registry] = { auth: Buffer.from(`${login.username}:${login.password}`).toString("base64") };
  }
  const helpers = isRecord(base["credHelpers"]) ? { ...base["credHelpers"] } : void 0;
  const credHelpers = helpers ?? (typeof base["credsStore"] === "string" && base["credsStore"] !== "" ? {} : void 0);
  if (credHelpers) for (const login of logins) credHelpers[credHelpersKey(login.registry)] = "";
  return JSON.stringify({ ...base, auths, ...credHelpers ? { credHelpers } : {} }, null, 2);
}

// src/registry/docker-config.ts
async function writeDockerConfig(dir, logins, host) {
  const original = host.env["DOCKER_CONFIG"] || join(host.home, ".docker");
  await mkdir(dir, { recursive: true, mode: 448 });
  const existing = await readFile(join(original, "config.json"), "utf8").catch(() => "");
  await writePrivateFile(join(dir, "config.json"), dockerConfigWithLogins(existing, logins));
  if (existsSync(join(original, "cli-plugins"))) await symlink(join(original, "cli-plugins"), join(dir, "cli-plugins"));
}

// src/registry/registry-failure.ts
function registryFailure(stderr) {
  const line = stderr.split("\n").slice(-30).reverse().find((l) => l.startsWith("ERROR: "));
  if (!line || !/\/v2\/|failed to push /.test(line)) return void 0;
  const registry = /https?:\/\/([^/"\s]+)\/v2\//.exec(line)?.[1] ?? /failed to push ([^/\s]+)\//.exec(line)?.[1];
  if (!registry) return void 0;
  const cause = /: ((?:dial tcp|read tcp|write tcp|lookup|tls:|x509:|EOF|unexpected status|net\/http)[^\n]*)$/.exec(line)?.[1] ?? line.trim();
  return { registry, cause: cause.length > 300 ? `${cause.slice(0, 300)}\u2026` : cause };
}

// src/summary/format.ts
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}

// src/summary/health.ts
function healthSection(health) {
  if (!health || health.facts.length === 0 && health.warnings.length === 0) return [];
  const cell = (text2) => text2.replace(/\|/g, "\\|");
  return [
    "",
    "#### The builder",
    "",
    "| | |",
    "| --- | --- |",
    ...health.facts.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    ...health.warnings.flatMap((w) => ["", "> [!WARNING]", `> ${w}`])
  ];
}
function healthLines(health) {
  if (!health) return [];
  return [...health.facts.map(([k, v]) => `  builder: ${k.toLowerCase()}: ${v}`), ...health.warnings.map((w) => `  warning: ${w}`)];
}
function comparisonText(comparison) {
  const headline2 = comparison.headline.charAt(0).toUpperCase() + comparison.headline.slice(1);
  return [headline2, ...comparison.reran.map((r) => `ran again: ${r.step}: ${r.cause}`)];
}

// src/summary/render.ts
var SUMMARY_LIMIT_BYTES = 1e6;
var SLOWEST = 10;
var CHART_STEPS = 150;
function code(text2) {
  return `\`${text2.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\s+/g, " ")}\``;
}
function shorten(text2, max) {
  const flat = text2.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function headline(report) {
  const a = report.analysis;
  const rows = [];
  if (report.tags.length > 0) rows.push(["Image", `${report.tags.map(code).join(", ")}${report.pushed && report.outcome === "succeeded" ? " (pushed)" : ""}`]);
  if (report.digest) rows.push(["Digest", code(report.digest)]);
  rows.push(["Builder", builderText(report, code)]);
  if (report.routing.length > 0) rows.push(["Routing", report.routing.map((r) => r.replace(/\|/g, "\\|")).join("<br>")]);
  rows.push(["Time", seconds(report.totalMs)]);
  if (report.comparison) rows.push(["Since the last build", comparisonText(report.comparison).map((l) => l.replace(/\|/g, "\\|")).join("<br>")]);
  if (a) rows.push(["Cache", `${a.cachedSteps} of ${a.buildSteps} steps cached (${percent(a.cachedSteps, a.buildSteps)})`]);
  if (report.record) rows.push(["Build record", `${report.record.replace(/\|/g, "\\|")} (open it in Docker Desktop)`]);
  return [`### remote-buildkit: build ${report.outcome}`, "", "| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}
function builderText(report, quote) {
  const version = report.buildkitVersion ? ` (BuildKit ${report.buildkitVersion})` : "";
  if (report.mode === "fallback") return `fallback ${quote(report.builderAddress)}${version}, because: ${report.fallbackReason}`;
  return `remote ${quote(report.builderAddress)}${version}${report.builder ? `, ${quote(report.builder)}` : ""}`;
}
function percent(part, whole) {
  return whole === 0 ? "0%" : `${Math.round(100 * part / whole)}%`;
}
function phases(report, a) {
  const rows = [
    ["Connect and boot the builder", report.connectMs],
    ...mountRow("Restore the cache mounts (CI cache \u2192 builder)", report.restoreMountsMs),
    ["Send the build context", a.phaseMs.context],
    ["Build steps (solve)", a.phaseMs.solve],
    ["Export and push", a.phaseMs.export],
    ...mountRow("Save the cache mounts (builder \u2192 CI cache)", report.saveMountsMs)
  ];
  return [
    "#### Where the time went",
    "",
    "| phase | time |",
    "| --- | ---: |",
    ...rows.map(([k, ms]) => `| ${k} | ${seconds(ms)} |`),
    `| **Whole step** | **${seconds(report.totalMs)}** |`
  ];
}
function mountRow(label, ms) {
  return ms > 0 ? [[label, ms]] : [];
}
function stepRow(s) {
  const { label } = splitStage(s.name);
  return `| ${code(shorten(label, 100))} | ${s.stage || "\u2013"} | ${seconds(s.durationMs)} | ${s.cached ? "cached" : s.error ? "failed" : "ran"}${s.critical ? " \u2605" : ""} |`;
}
function slowest(a) {
  const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, SLOWEST);
  if (ran.length === 0) return ["#### Slowest steps", "", "Every step came from the cache."];
  return [
    "#### Slowest steps",
    "",
    "| step | stage | time | |",
    "| --- | --- | ---: | --- |",
    ...ran.map(stepRow),
    "",
    "\u2605 on the critical path: the chain of steps that decided when the build finished."
  ];
}
function taskLabel(s) {
  return shorten(splitStage(s.name).label || s.name, 60).replace(/[:;#]/g, " ");
}
function ganttChart(a) {
  let steps = a.steps;
  const note = [];
  if (steps.length > CHART_STEPS) {
    const keep = new Set([...steps].sort((x, y) => y.durationMs - x.durationMs).slice(0, CHART_STEPS));
    steps = steps.filter((s) => keep.has(s));
    note.push("", `The chart shows the ${CHART_STEPS} longest of ${a.steps.length} steps.`);
  }
  const sections = /* @__PURE__ */ new Map();
  for (const s of [...steps].sort((x, y) => x.startMs - y.startMs)) {
    const section = s.stage || (s.phase === "export" ? "export" : "build");
    sections.set(section, [...sections.get(section) ?? [], s]);
  }
  const lines = ["```mermaid", "gantt", "  dateFormat x", "  axisFormat %M:%S"];
  let id = 0;
  for (const [section, list] of sections) {
    lines.push(`  section ${section.replace(/[:;#]/g, " ")}`);
    for (const s of list) {
      const tags = [s.critical ? "crit" : "", s.cached ? "done" : ""].filter(Boolean);
      const end = s.startMs + Math.max(1, s.durationMs);
      lines.push(`  ${taskLabel(s)} :${[...tags, `s${++id}`].join(", ")}, ${Math.round(s.startMs)}, ${Math.round(end)}`);
    }
  }
  lines.push("```");
  return [...lines, ...note];
}
function allSteps(a, budget) {
  const head = [`<details><summary>All ${a.steps.length} steps</summary>`, "", "| step | stage | time | |", "| --- | --- | ---: | --- |"];
  const rows = [];
  let size = head.join("\n").length;
  for (const s of a.steps) {
    const row = stepRow(s);
    if (size + row.length + 200 > budget) {
      rows.push("", `${a.steps.length - rows.length} more steps left out: the summary must stay under GitHub's 1 MiB limit.`);
      break;
    }
    rows.push(row);
    size += row.length + 1;
  }
  return [...head, ...rows, "", "</details>"];
}
function renderSummary(report) {
  const parts = [...headline(report)];
  if (report.error) parts.push("", ...report.error.split("\n").map((l) => `> ${l}`));
  if (report.advice.length > 0) parts.push("", "#### Advice", "", ...report.advice.map((a2) => `- ${a2}`));
  parts.push(...healthSection(report.health));
  const a = report.analysis;
  if (a && a.steps.length > 0) {
    parts.push("", ...phases(report, a), "", ...slowest(a), "", "#### Steps over time", "", ...ganttChart(a));
    const used = Buffer.byteLength(parts.join("\n"));
    parts.push("", ...allSteps(a, SUMMARY_LIMIT_BYTES - used));
  }
  return `${parts.join("\n")}
`;
}
function renderSummaryText(report) {
  const a = report.analysis;
  const lines = [`remote-buildkit: build ${report.outcome} in ${seconds(report.totalMs)} on ${builderText(report, (t) => t)}`];
  if (report.digest) lines.push(`  image: ${report.tags.join(", ") || "(untagged)"} ${report.digest}`);
  if (a) {
    lines.push(`  cache: ${a.cachedSteps} of ${a.buildSteps} steps cached`);
    const restore = report.restoreMountsMs > 0 ? `, restore cache mounts ${seconds(report.restoreMountsMs)}` : "";
    const save = report.saveMountsMs > 0 ? `, save cache mounts ${seconds(report.saveMountsMs)}` : "";
    lines.push(`  time: connect ${seconds(report.connectMs)}${restore}, context ${seconds(a.phaseMs.context)}, steps ${seconds(a.phaseMs.solve)}, export ${seconds(a.phaseMs.export)}${save}`);
    const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, 5);
    for (const s of ran) lines.push(`  ${seconds(s.durationMs).padStart(8)}  ${shorten(s.name, 100)}${s.critical ? " (critical path)" : ""}`);
  }
  if (report.record) lines.push(`  build record: ${report.record}`);
  for (const line of report.routing) lines.push(`  routing: ${line}`);
  for (const advice of report.advice) lines.push(`  advice: ${advice}`);
  if (report.comparison) lines.push(...comparisonText(report.comparison).map((l) => `  last build: ${l}`));
  lines.push(...healthLines(report.health));
  if (report.error) lines.push(`  error: ${report.error}`);
  return lines.join("\n");
}

// src/run/build.ts
import { readFile as readFile2, rm } from "node:fs/promises";
import { join as join3 } from "node:path";

// src/buildx/warnings.ts
import { posix } from "node:path";
function records(value) {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
function text(value) {
  return typeof value === "string" ? value : "";
}
function firstLine(ranges) {
  const start = records(ranges)[0]?.["start"];
  const line = isRecord(start) ? start["line"] : void 0;
  return typeof line === "number" && line > 0 ? line : 0;
}
function warningsFromMetadata(metadata) {
  return isRecord(metadata) ? fromVertexWarnings(metadata["buildx.build.warnings"]) : [];
}
function warningsFromStatusLine(line) {
  if (!line.includes('"warnings"')) return [];
  try {
    const status = JSON.parse(line);
    return isRecord(status) ? fromVertexWarnings(status["warnings"]) : [];
  } catch {
    return [];
  }
}
function fromVertexWarnings(list) {
  return records(list).map((w) => {
    const short = Buffer.from(text(w["short"]), "base64").toString("utf8").trim();
    const source = w["sourceInfo"];
    const line = firstLine(w["range"]);
    const ruled = /^([A-Z][A-Za-z0-9]+): ([\s\S]*?)(?: \(line \d+\))?$/.exec(short);
    return {
      rule: ruled?.[1] ?? "",
      message: ruled?.[2] ?? short,
      file: isRecord(source) ? text(source["filename"]) : "",
      line,
      url: text(w["url"])
    };
  });
}
function parseCheckResult(stdout) {
  const start = stdout.indexOf("{");
  if (start < 0) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(stdout.slice(start));
  } catch {
    return void 0;
  }
  if (!isRecord(parsed)) return void 0;
  const sources = records(parsed["sources"]);
  const warnings = records(parsed["warnings"]).map((w) => {
    const location = isRecord(w["location"]) ? w["location"] : {};
    const index = typeof location["sourceIndex"] === "number" ? location["sourceIndex"] : 0;
    return {
      rule: text(w["ruleName"]),
      message: text(w["detail"]) || text(w["description"]),
      file: text(sources[index]?.["filename"]),
      line: firstLine(location["ranges"]),
      url: text(w["url"])
    };
  });
  const error = isRecord(parsed["buildError"]) ? text(parsed["buildError"]["message"]) : "";
  return { warnings, error };
}
function checkVerdict(count) {
  if (count === 0) return "Check complete, no warnings found.";
  return `Check complete, ${count === 1 ? "1 warning has" : `${count} warnings have`} been found!`;
}
function describeWarning(w, file) {
  const where = file ? `${file}${w.line > 0 ? `:${w.line}` : ""}: ` : "";
  return `${where}${w.rule ? `${w.rule}: ` : ""}${w.message}${w.url ? ` (${w.url})` : ""}`;
}
function warningPath(warningFile, context, file, cwd) {
  const remoteContext = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context);
  const dockerfile = file !== "" ? file : remoteContext ? "" : posix.join(context, "Dockerfile");
  if (dockerfile === "" || warningFile === "") return warningFile;
  let path = posix.normalize(dockerfile).replace(/^\.\//, "");
  const inside = posix.isAbsolute(path) && cwd !== "" ? posix.relative(cwd, path) : "";
  if (inside !== "" && !inside.startsWith("..")) path = inside;
  return posix.basename(path) === posix.basename(warningFile) ? path : warningFile;
}

// src/progress/plain-log.ts
var PlainProgress = class {
  constructor(write) {
    this.write = write;
  }
  write;
  numbers = /* @__PURE__ */ new Map();
  reported = /* @__PURE__ */ new Set();
  /** The unfinished last line of each step's stream, by `vertex` and stream. */
  partial = /* @__PURE__ */ new Map();
  number(digest, name) {
    let n = this.numbers.get(digest);
    if (n === void 0) {
      n = this.numbers.size + 1;
      this.numbers.set(digest, n);
      this.write(`#${n} ${name}`);
    }
    return n;
  }
  /** True the first time a key is seen: each start and end is written once. */
  first(key2) {
    if (this.reported.has(key2)) return false;
    this.reported.add(key2);
    return true;
  }
  logLine(vertex, line) {
    const n = this.numbers.get(vertex);
    this.write(n === void 0 ? line : `#${n} ${line}`);
  }
  add(status) {
    const logs = [...status.logs];
    for (const v of status.vertexes) {
      if (v.started === void 0) continue;
      const n = this.number(v.digest, v.name);
      if (v.completed === void 0 || !this.first(`${v.digest}@${v.started}`)) continue;
      for (let i = logs.findIndex((l) => l.vertex === v.digest); i >= 0; i = logs.findIndex((l) => l.vertex === v.digest)) this.addLog(logs.splice(i, 1)[0]);
      this.flush(v.digest);
      if (v.error) this.write(`#${n} ERROR: ${v.error}`);
      else if (v.cached) this.write(`#${n} CACHED`);
      else this.write(`#${n} DONE ${((v.completed - v.started) / 1e3).toFixed(1)}s`);
    }
    for (const s of status.statuses) {
      const n = this.numbers.get(s.vertex);
      if (n === void 0 || s.completed === void 0 || !this.first(`${s.vertex}:${s.id}`)) continue;
      this.write(`#${n} ${s.id} done`);
    }
    for (const l of logs) this.addLog(l);
  }
  /** Writes the whole lines of a chunk; the rest of an unfinished line waits for its end. */
  addLog(l) {
    if (!l) return;
    const key2 = `${l.vertex}:${l.stream ?? 1}`;
    const lines = `${this.partial.get(key2)?.text ?? ""}${l.data}`.split("\n");
    const rest = lines.pop() ?? "";
    if (rest === "") this.partial.delete(key2);
    else this.partial.set(key2, { vertex: l.vertex, text: rest });
    for (const line of lines) this.logLine(l.vertex, line);
  }
  /** Writes what is left of unfinished lines: of one step, or of every step once the build ends. */
  flush(vertex) {
    for (const [key2, pending] of this.partial) {
      if (vertex !== void 0 && pending.vertex !== vertex) continue;
      this.partial.delete(key2);
      this.logLine(pending.vertex, pending.text);
    }
  }
};

// src/registry/upload-race.ts
function lostUploadRace(stderr) {
  return UPLOAD_RACE.test(lastLines(stderr, 30).join("\n"));
}
var UPLOAD_RACE = new RegExp([
  String.raw`unexpected status from PUT request to \S*/(blobs/uploads|manifests)/\S*: 400 Bad Request`,
  "DIGEST_INVALID",
  "provided digest did not match uploaded content",
  "BLOB_UPLOAD_INVALID",
  "blob upload invalid",
  "blob unknown to registry"
].join("|"), "i");

// src/run/checks.ts
function reportWarnings(io, inputs, warnings, cwd) {
  for (const w of warnings) {
    io.warning(`${w.message}${w.url ? ` (${w.url})` : ""}`, {
      title: w.rule || "Build check",
      file: warningPath(w.file, inputs.context, inputs.file, cwd),
      line: w.line
    });
  }
}

// src/run/lines.ts
function lineWriter(write) {
  let pending = "";
  return {
    push(chunk) {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const line of parts) write(line);
    },
    flush() {
      if (pending !== "") write(pending);
      pending = "";
    }
  };
}

// src/run/record.ts
import { readdir, stat } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/buildx/record.ts
function parseRecordRef(ref) {
  const match = /^([^/\s]+)\/([^/\s]+)\/([a-z0-9]+)$/.exec(ref.trim());
  return match ? { builder: match[1] ?? "", node: match[2] ?? "", id: match[3] ?? "" } : void 0;
}
function exportRecordArgs(ref, file) {
  return ["history", "export", "--builder", ref.builder, "--finalize", "--output", file, ref.id];
}
function recordFileName(repository, ref) {
  const prefix = repository.replace(/[^A-Za-z0-9._-]+/g, "~").replace(/^~+|~+$/g, "") || "build";
  return `${prefix}~${ref.id.slice(0, 6).toUpperCase()}.dockerbuild`;
}
function keepRecords(value) {
  return !/^(false|0|no|off)$/i.test((value ?? "").trim());
}

// src/run/record.ts
async function keepBuildRecord(job, buildx, target, buildRef, started) {
  const { io, job: services } = job.ctx.platform;
  if (!keepRecords(job.ctx.host.env["DOCKER_BUILD_RECORD_UPLOAD"])) {
    io.info("The build record is not kept: DOCKER_BUILD_RECORD_UPLOAD is false");
    return "";
  }
  const ref = parseRecordRef(buildRef) ?? await noted(target, started);
  if (!ref) {
    io.info("buildx gave no reference of the build: there is no build record to keep");
    return "";
  }
  const file = join2(job.ws.dir, recordFileName(services.repository, ref));
  try {
    const result = await callBuildx(buildx, target.where, exportRecordArgs(ref, file), { timeoutMs: 12e4, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(`buildx history export ${result.timedOut ? "timed out" : `exited with ${result.code}`}: ${lastLines(result.stderr.trim(), 3).join(" ")}`);
    const where = await services.keepArtifact(file);
    io.info(`Build record ${ref.id} kept as ${where}; open it in Docker Desktop's Builds view (Import builds)`);
    return where;
  } catch (err) {
    io.warning(`The build record could not be kept: ${errorMessage(err)}`);
    return "";
  }
}
async function noted(target, started) {
  const config = target.where.buildxConfig;
  if (!config) return void 0;
  const dir = join2(config, "refs", target.name);
  const found = [];
  for (const node of await readdir(dir).catch(() => [])) {
    for (const id of await readdir(join2(dir, node)).catch(() => [])) {
      const ms = (await stat(join2(dir, node, id)).catch(() => void 0))?.mtimeMs ?? 0;
      const ref = parseRecordRef(`${target.name}/${node}/${id}`);
      if (ref && ms >= started.getTime() - 1e3) found.push({ ref, ms });
    }
  }
  return found.sort((a, b) => b.ms - a.ms)[0]?.ref;
}

// src/run/build.ts
var BuildFailedError = class extends Error {
  constructor(message, analysis, cancelled, stderr, warnings = []) {
    super(message);
    this.analysis = analysis;
    this.cancelled = cancelled;
    this.stderr = stderr;
    this.warnings = warnings;
    this.name = "BuildFailedError";
  }
  analysis;
  cancelled;
  stderr;
  warnings;
  /** Where the failed build's record is kept; set once kept. */
  record = "";
};
async function writeSecretFiles(inputs, ws) {
  const sources = [];
  for (const [index, secret] of inputs.secrets.entries()) {
    const file = join3(ws.secretsDir, String(index));
    await rm(file, { force: true });
    await writePrivateFile(file, secret.value);
    sources.push({ id: secret.key, file });
  }
  for (const s of inputs.secretFiles) sources.push({ id: s.key, file: s.value });
  for (const s of inputs.secretEnvs) sources.push({ id: s.key, env: s.value });
  return sources;
}
async function runBuild(buildx, ws, target, inputs, signal, log, clock) {
  const secrets = await writeSecretFiles(inputs, ws);
  const args = buildArgs(inputs, {
    builder: target.name,
    metadataFile: ws.metadataFile,
    imageIdFile: ws.imageIdFile,
    secrets,
    extraCacheFrom: target.cache?.cacheFrom ?? [],
    extraCacheTo: target.cache?.cacheTo ?? []
  });
  log(`buildx ${argvForLog(args)}`);
  const timeline = new TimelineBuilder();
  const progress = new PlainProgress(log);
  const streamed = [];
  const readLine = (line) => {
    const status = parseStatusLine(line);
    if (!status) return log(line);
    streamed.push(...warningsFromStatusLine(line));
    timeline.add(status);
    progress.add(status);
  };
  const streams = { stdout: lineWriter(inputs.call === "check" ? () => void 0 : readLine), stderr: lineWriter(readLine) };
  const elapsed = stopwatch(clock);
  const result = await callBuildx(buildx, target.where, args, {
    signal,
    env: { BUILDX_METADATA_WARNINGS: "true" },
    onOutput: (chunk, stream) => streams[stream].push(chunk)
  });
  streams.stdout.flush();
  streams.stderr.flush();
  progress.flush();
  const durationMs = elapsed();
  const analysis = analyze(timeline.finish());
  if (result.aborted) throw new BuildFailedError("The build was cancelled", analysis, true, result.stderr);
  const check2 = inputs.call === "check" ? parseCheckResult(result.stdout) : void 0;
  if (check2 && (check2.warnings.length > 0 || check2.error)) {
    const where = (w) => describeWarning(w, warningPath(w.file, inputs.context, inputs.file, ""));
    const message = check2.error || [checkVerdict(check2.warnings.length), ...check2.warnings.map(where)].join("\n");
    throw new BuildFailedError(message, analysis, false, "", check2.warnings);
  }
  if (result.code !== 0) throw new BuildFailedError(`buildx build failed (exit code ${result.code}); its output is above`, analysis, false, result.stderr, streamed);
  if (check2) log(checkVerdict(0));
  const reading = readFile2(ws.metadataFile, "utf8");
  const metadataText = inputs.call === "build" ? await reading : await reading.catch(() => "{}");
  const metadata = parseMetadata(metadataText);
  const imageId = (await readFile2(ws.imageIdFile, "utf8").catch(() => "")).trim() || metadata.imageId;
  const fields = JSON.parse(metadataText);
  const ref = isRecord(fields) && typeof fields["buildx.build.ref"] === "string" ? fields["buildx.build.ref"] : "";
  return { result: { ...metadata, imageId, durationMs }, analysis, warnings: warningsFromMetadata(fields), ref, record: "" };
}
async function buildOnce(job, target, title) {
  const { io } = job.ctx.platform;
  const buildx = await job.buildx();
  const started = job.ctx.now();
  const recorded = job.inputs.call === "build";
  return io.group(title, async () => {
    try {
      const outcome = await runBuild(buildx, job.ws, target, job.inputs, job.ctx.signal, (line) => io.info(line), job.ctx.now);
      reportWarnings(io, job.inputs, outcome.warnings, job.ctx.host.cwd);
      return recorded ? { ...outcome, record: await keepBuildRecord(job, buildx, target, outcome.ref, started) } : outcome;
    } catch (err) {
      if (!(err instanceof BuildFailedError)) throw err;
      reportWarnings(io, job.inputs, err.warnings, job.ctx.host.cwd);
      if (recorded && !err.cancelled && !lostConnection(err.stderr)) err.record = await keepBuildRecord(job, buildx, target, "", started);
      throw err;
    }
  });
}
async function buildPushingAgain(job, target) {
  try {
    return await buildOnce(job, target, "Building");
  } catch (err) {
    if (!(job.inputs.push && err instanceof BuildFailedError && !err.cancelled && lostUploadRace(err.stderr))) throw err;
    job.ctx.platform.io.warning("The registry refused a layer that was being uploaded twice at once (a race some registries lose when builders push the same layer together); building once more, from the cache, to push again");
    return buildOnce(job, target, "Building again to push");
  }
}

// src/run/finish.ts
var StepEnd = class {
  /** first: what the step failed with before its end, if it did. */
  constructor(first) {
    this.first = first;
  }
  first;
  failures = [];
  async run(what, task) {
    try {
      await task();
    } catch (err) {
      this.failures.push(`${what} failed: ${errorMessage(err)}`);
    }
  }
  /** What failed at the end so far, one line each. */
  get laterErrors() {
    return this.failures;
  }
  /** Throws the step's error, if it has one: the first, with the later ones as further lines. */
  settle() {
    if (this.first && this.failures.length === 0) throw this.first.error;
    if (!this.first && this.failures.length === 0) return;
    const lines = this.first ? [errorMessage(this.first.error), ...this.failures] : this.failures;
    throw new Error(lines.join("\n"), this.first ? { cause: this.first.error } : void 0);
  }
};

// src/run/connect.ts
import { randomBytes } from "node:crypto";

// src/routing/rendezvous.ts
import { createHash } from "node:crypto";
function weight(key2, endpoint) {
  return createHash("sha256").update(key2).update("\0").update(endpoint).digest().readBigUInt64BE(0);
}
function rankEndpoints(key2, endpoints) {
  return endpoints.map((e) => ({ e, w: weight(key2, e.url) })).sort((a, b) => a.w === b.w ? a.e.url.localeCompare(b.e.url) : a.w > b.w ? -1 : 1).map(({ e }) => e);
}
function defaultRoutingKey(repository, file) {
  return `${repository}:${file || "Dockerfile"}`;
}

// src/certs/verify.ts
import { X509Certificate, createPrivateKey } from "node:crypto";
var CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
var ANY_USAGE = "2.5.29.37.0";
var DAY_MS = 24 * 60 * 60 * 1e3;
var EXPIRY_WARNING_DAYS = 14;
function checkCertificates(material, now) {
  const warnings = [];
  const cas = material.ca.map((b, i) => parseCertificate("ca-cert", b, i));
  const [leaf, ...intermediates] = material.cert.map((b, i) => parseCertificate("client-cert", b, i));
  if (!leaf) throw new UserError("client-cert", "holds no certificate", "pass the client certificate's PEM");
  const key2 = parseKey(material.key[0]);
  for (const ca of cas) {
    const until = new Date(ca.validTo);
    if (until.getTime() < now.getTime()) {
      throw new UserError("ca-cert", `the CA "${ca.subject.replace(/\n/g, ", ")}" expired on ${until.toISOString()}`, "renew the CA and the certificates it issued");
    }
  }
  if (!leaf.checkPrivateKey(key2)) {
    throw new UserError("client-key", "does not belong to the certificate in client-cert", "pass the key that was generated together with this client certificate");
  }
  checkChain(leaf, intermediates, cas);
  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (notBefore.getTime() > now.getTime()) {
    throw new UserError("client-cert", `is not valid before ${notBefore.toISOString()}`, "check the clock of the machine that issued it, or wait until then");
  }
  if (notAfter.getTime() < now.getTime()) {
    throw new UserError("client-cert", `expired on ${notAfter.toISOString()}`, "issue a new client certificate from the same CA and update the secret");
  }
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    warnings.push(`client-cert expires in ${daysLeft} day(s), on ${notAfter.toISOString()}: issue a new one before builds start failing`);
  }
  const usages = extendedKeyUsages(leaf);
  if (usages && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_USAGE)) {
    throw new UserError("client-cert", "does not allow client authentication (its extended key usage lacks clientAuth)", "issue the client certificate with extendedKeyUsage = clientAuth");
  }
  return { clientSubject: oneLine(leaf.subject), clientNotAfter: notAfter, warnings };
}
function parseCertificate(input, block, index) {
  try {
    return new X509Certificate(block.text);
  } catch {
    throw new UserError(input, `certificate ${index + 1} cannot be parsed as X.509`, "pass the PEM file exactly as it was issued");
  }
}
function parseKey(block) {
  try {
    if (!block) throw new Error("no key");
    return createPrivateKey(block.text);
  } catch {
    throw new UserError("client-key", "cannot be parsed as a private key", "pass the PEM file exactly as it was generated");
  }
}
function checkChain(leaf, intermediates, cas) {
  let current = leaf;
  const pool = [...intermediates];
  for (let depth = 0; depth <= intermediates.length; depth++) {
    if (cas.some((ca) => issued(ca, current))) return;
    const next = pool.findIndex((c) => issued(c, current));
    if (next < 0) break;
    current = pool.splice(next, 1)[0] ?? current;
  }
  const caNames = cas.map((c) => `"${oneLine(c.subject)}"`).join(", ");
  throw new UserError(
    "client-cert",
    `was not issued by the CA in ca-cert (it names its issuer "${oneLine(current.issuer)}"; ca-cert holds ${caNames})`,
    "issue the client certificate from the CA the daemon trusts (its --tlscacert), and pass that CA as ca-cert"
  );
}
function issued(issuer, subject) {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}
function extendedKeyUsages(cert) {
  const usages = cert.keyUsage;
  return usages;
}
function oneLine(name) {
  return name.split("\n").filter(Boolean).join(", ");
}

// src/run/mask.ts
var SHORTEST_MASKED = 4;
var registered = /* @__PURE__ */ new WeakMap();
function maskAll(io, values) {
  let seen = registered.get(io);
  if (!seen) registered.set(io, seen = /* @__PURE__ */ new Set());
  for (const value of values) {
    const v = value.trim();
    if (v.length < SHORTEST_MASKED || seen.has(v)) continue;
    seen.add(v);
    io.mask(v);
  }
}
function maskSecretInputs(io) {
  for (const name of SECRET_INPUTS) {
    const raw = io.getInput(name);
    if (raw.trim() === "") continue;
    maskAll(io, [raw, ...raw.split(/\r?\n/), raw.replace(/\s+/g, "")]);
  }
}
function maskBuildSecrets(io, inputs) {
  maskAll(io, inputs.secrets.flatMap((s) => [s.value, ...s.value.split(/\r?\n/)]));
}
function maskPemLines(io, credentials) {
  maskAll(io, [...secretLines(credentials.ca), ...secretLines(credentials.cert), ...secretLines(credentials.key)]);
}

// src/run/credentials.ts
var NO_CREDENTIALS = {
  reason: "no-credentials",
  message: "no endpoint or no certificates were given (a pull request from a fork gets no secrets)",
  misconfigured: false
};
function checkCredentials(io, pems, now) {
  try {
    const credentials = decodeCredentials(pems);
    maskPemLines(io, credentials);
    const facts = checkCertificates(credentials, now);
    io.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
    facts.warnings.forEach((w) => io.warning(w));
    return credentials;
  } catch (err) {
    if (err instanceof UserError) return { reason: "tls-error", message: err.message, misconfigured: true, cause: err };
    throw err;
  }
}
async function writeCertFiles(ws, credentials) {
  await writePrivateFile(ws.caCertFile, pemText(credentials.ca));
  await writePrivateFile(ws.clientCertFile, pemText(credentials.cert));
  await writePrivateFile(ws.clientKeyFile, pemText(credentials.key));
}

// src/routing/choice.ts
function describeRouting(checks, chosen, routingKey) {
  if (checks.length < 2) return [];
  return checks.map((check2, i) => {
    if (i === chosen) return `${check2.url}: chosen (rank ${i + 1} of ${checks.length} for routing key "${routingKey}")`;
    if (check2.state === "failed") return `${check2.url}: skipped (${check2.reason})`;
    return check2.state === "pending" ? `${check2.url}: not checked (a daemon ranked above it was chosen first)` : `${check2.url}: healthy, ranked below the one chosen`;
  });
}

// src/tls/diagnose.ts
var UNTRUSTED_SERVER = /* @__PURE__ */ new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE"
]);
function diagnose(failure, ctx) {
  const at = ctx.endpoint;
  const seconds2 = ctx.timeoutMs / 1e3;
  const code2 = failure.code;
  if (code2 === "TIMEOUT") {
    const where = {
      tcp: `${at} did not accept a TCP connection within ${seconds2} s (packets dropped: a firewall, or the host is down)`,
      tls: `${at} accepted TCP but did not complete a TLS handshake within ${seconds2} s (not a TLS service, or a proxy that holds connections)`,
      http2: `${at} completed TLS but sent no HTTP/2 answer within ${seconds2} s (not a BuildKit daemon, or overloaded)`
    };
    return unreachable("timeout", where[failure.stage], "check that the daemon runs and that this runner can reach its port; raise connect-timeout only if the network is slow");
  }
  if (code2 === "ECONNREFUSED") {
    return unreachable("refused", `nothing is listening at ${at} (connection refused)`, "check that buildkitd runs with --addr tcp://0.0.0.0:PORT and that endpoint names that port");
  }
  if (code2 === "ENOTFOUND" || code2 === "EAI_AGAIN") {
    return unreachable("dns", `the host of ${at} does not resolve (${code2})`, "check the host name in endpoint");
  }
  if (code2 === "EHOSTUNREACH" || code2 === "ENETUNREACH" || code2 === "ECONNRESET" && failure.stage === "tcp") {
    return unreachable("unreachable", `no route to ${at} (${code2})`, "check that this runner's network can reach the daemon");
  }
  if (code2 === "ERR_SSL_WRONG_VERSION_NUMBER" || code2 === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return misconfigured("not-tls", `${at} answered, but not with TLS`, "start buildkitd with --tlscert, --tlskey and --tlscacert, or point endpoint at its TLS port");
  }
  if (UNTRUSTED_SERVER.has(code2)) {
    return misconfigured("server-untrusted", `this runner rejected the daemon's server certificate: it was not issued by the CA in ca-cert (${code2})`, "set ca-cert to the CA that issued the daemon's --tlscert");
  }
  if (code2 === "CERT_HAS_EXPIRED") {
    return misconfigured("server-expired", "this runner rejected the daemon's server certificate: it has expired", "renew the daemon's server certificate");
  }
  if (code2 === "CERT_NOT_YET_VALID") {
    return misconfigured("server-not-yet-valid", "this runner rejected the daemon's server certificate: it is not valid yet (clock skew?)", "check the clocks of the runner and of the machine that issued the certificate");
  }
  if (code2 === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = /.*altnames: (.*)$/.exec(failure.detail)?.[1] ?? "other names";
    const expected = ctx.serverName || "the endpoint's host";
    return misconfigured("server-name", `this runner rejected the daemon's server certificate: it is for ${names}, not ${expected}`, "set tls-server-name to one of the certificate's names, or reissue the server certificate with this host in its subject alternative names");
  }
  if (code2 === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED") {
    return misconfigured("client-cert-required", "the daemon requires a client certificate and received none", "pass client-cert and client-key");
  }
  if (code2 === "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" || code2 === "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE") {
    return misconfigured("client-untrusted", "the daemon rejected this runner's client certificate: it does not trust the CA that issued it", "issue the client certificate from the CA the daemon was started with (--tlscacert)");
  }
  if (code2 === "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED") {
    return misconfigured("client-expired", "the daemon rejected this runner's client certificate as expired", "issue a new client certificate and update the client-cert and client-key secrets");
  }
  if (code2 === "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE" || code2 === "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED") {
    return misconfigured("client-rejected", `the daemon refused this runner's client certificate (${code2})`, "issue a client certificate with extendedKeyUsage clientAuth from the daemon's CA");
  }
  if (code2 === "NOT_HTTP2" || code2 === "CLOSED" && failure.stage === "http2") {
    return misconfigured("not-buildkit", `${at} completed TLS but did not speak HTTP/2 as BuildKit's gRPC API does`, "check that endpoint names buildkitd's port and not another TLS service");
  }
  if (failure.stage === "tcp" || code2 === "CLOSED" || code2 === "ECONNRESET") {
    return unreachable("unreachable", `the connection to ${at} failed at the ${failure.stage} stage (${code2}: ${failure.detail})`, "check that the daemon runs and is reachable");
  }
  return misconfigured("tls", `the TLS handshake with ${at} failed (${code2}: ${failure.detail})`, "check ca-cert, client-cert and client-key against the daemon's --tlscacert, --tlscert and --tlskey");
}
function unreachable(reason, message, fix) {
  return { kind: "unreachable", reason, message, fix };
}
function misconfigured(reason, message, fix) {
  return { kind: "misconfigured", reason, message, fix };
}
function openDaemonWarning(endpoint) {
  return `SECURITY: the daemon at ${endpoint} also accepts connections WITHOUT a client certificate. Anyone who can reach this port can run builds, and so arbitrary commands, on it. Start buildkitd with --tlscacert so that it requires client certificates.`;
}

// src/tls/probe.ts
import { isIP } from "node:net";
import { connect } from "node:tls";
var PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
var EMPTY_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
var SETTINGS_TYPE = 4;
function probeTls(target, clock) {
  const elapsed = stopwatch(clock);
  return new Promise((resolve2) => {
    let stage = "tcp";
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      target.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve2(result);
    };
    const fail = (code2, detail) => finish({ ok: false, stage, code: code2, detail, ms: elapsed() });
    const servername = target.serverName || (isIP(target.host) ? void 0 : target.host);
    const socket = connect({
      host: target.host,
      port: target.port,
      ca: target.ca,
      ALPNProtocols: ["h2"],
      ...servername ? { servername } : {},
      ...target.cert && target.key ? { cert: target.cert, key: target.key } : {}
    });
    const timer = setTimeout(() => fail("TIMEOUT", `no answer within ${target.timeoutMs} ms`), target.timeoutMs);
    const onAbort = () => fail("ABORTED", "the check was no longer needed");
    if (target.signal?.aborted) onAbort();
    else target.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      stage = "tls";
    });
    socket.once("secureConnect", () => {
      stage = "http2";
      socket.write(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
    });
    socket.on("data", (chunk) => {
      if (chunk.length >= 4 && chunk[3] === SETTINGS_TYPE) finish({ ok: true, ms: elapsed() });
      else fail("NOT_HTTP2", "the server did not answer with an HTTP/2 SETTINGS frame");
    });
    socket.once("end", () => fail("CLOSED", "the server closed the connection"));
    socket.once("error", (err) => fail(err.code ?? "ERROR", err.message));
  });
}

// src/tls/precheck.ts
var RemoteUnavailableError = class extends Error {
  constructor(diagnosis) {
    super(`${diagnosis.message}. Fix: ${diagnosis.fix}`);
    this.diagnosis = diagnosis;
    this.name = "RemoteUnavailableError";
  }
  diagnosis;
};
async function precheckDaemon(target, endpoint, clock) {
  const { cert: _cert, key: _key, ...anonymous } = target;
  const [withCert, withoutCert] = await Promise.all([probeTls(target, clock), probeTls(anonymous, clock)]);
  if (!withCert.ok) {
    throw new RemoteUnavailableError(diagnose(withCert, { endpoint, serverName: target.serverName, timeoutMs: target.timeoutMs }));
  }
  return { ms: withCert.ms, acceptsAnonymous: withoutCert.ok };
}

// src/run/remote.ts
var RemoteFailedError = class extends Error {
  constructor(failure) {
    super(failure.message);
    this.failure = failure;
    this.name = "RemoteFailedError";
  }
  failure;
};
async function check(setup, endpoint, signal) {
  const { credentials, remote } = setup;
  try {
    const result = await precheckDaemon({
      host: endpoint.host,
      port: endpoint.port,
      serverName: remote.tlsServerName,
      ca: pemText(credentials.ca),
      cert: pemText(credentials.cert),
      key: pemText(credentials.key),
      timeoutMs: setup.timeoutMs,
      signal
    }, endpoint.url, setup.now);
    return { endpoint, ok: true, ms: result.ms, anonymous: result.acceptsAnonymous };
  } catch (err) {
    if (err instanceof RemoteUnavailableError) return { endpoint, ok: false, failure: failureFromDiagnosis(err.diagnosis) };
    throw err;
  }
}
function worst(failures) {
  const first = failures.find((f) => f.misconfigured) ?? failures[0];
  if (!first) return { reason: "unreachable", message: "no remote daemon was given", misconfigured: false };
  return failures.length > 1 ? { ...first, message: `none of the ${failures.length} daemons can be used; ${first.message}` } : first;
}
var asCandidate = (endpoint, c) => !c ? { url: endpoint.url, state: "pending" } : c.ok ? { url: endpoint.url, state: "healthy" } : { url: endpoint.url, state: "failed", reason: c.failure.reason };
async function checkDaemons(setup, ranked) {
  const { io, remote } = setup;
  const stop = new AbortController();
  const results = ranked.map(() => void 0);
  const candidateChecks = ranked.map((endpoint, i) => check(setup, endpoint, stop.signal).then((c) => results[i] = c));
  const platformChecks = Promise.all(remote.platformEndpoints.map((p) => check(setup, p.endpoint, stop.signal)));
  const report = (c) => io.info(c.ok ? `${c.endpoint.url}: TLS and HTTP/2 answered in ${c.ms} ms` : `${c.endpoint.url}: ${c.failure.message}`);
  try {
    let chosen = "none";
    for (const [i, pending] of candidateChecks.entries()) {
      const c = await pending;
      report(c);
      if (c.ok) {
        chosen = i;
        break;
      }
    }
    const platforms = await platformChecks;
    platforms.forEach(report);
    const candidates = ranked.map((e, i) => asCandidate(e, results[i]));
    return { chosen, candidates, results: [...results], platforms };
  } finally {
    stop.abort();
  }
}
async function startRemoteBuilder(setup) {
  const { io, remote } = setup;
  const ranked = rankEndpoints(setup.routingKey, remote.endpoints);
  const daemons = [...ranked, ...remote.platformEndpoints.map((p) => p.endpoint)];
  const checked = await io.group(`Checking the TLS connection to ${daemons.map((d) => d.url).join(", ")}`, () => checkDaemons(setup, ranked));
  const chosen = typeof checked.chosen === "number" ? checked.results[checked.chosen] : void 0;
  if (ranked.length > 0 && !chosen) throw new RemoteFailedError(worst(checked.results.flatMap((c) => c && !c.ok ? [c.failure] : [])));
  const downPlatform = checked.platforms.findIndex((c) => !c.ok);
  const down = checked.platforms[downPlatform];
  if (down && !down.ok) {
    throw new RemoteFailedError({ ...down.failure, message: `the daemon for ${remote.platformEndpoints[downPlatform]?.platform}: ${down.failure.message}` });
  }
  for (const c of [chosen, ...checked.platforms]) if (c?.ok && c.anonymous) io.warning(openDaemonWarning(c.endpoint.url));
  const routing = typeof checked.chosen === "number" ? describeRouting(checked.candidates, checked.chosen, setup.routingKey) : [];
  routing.forEach((line) => io.info(`Routing: ${line}`));
  const nodes = [
    ...chosen ? [{ endpoint: chosen.endpoint, platform: "" }] : [],
    ...remote.platformEndpoints.map((p) => ({ endpoint: p.endpoint, platform: p.platform }))
  ];
  const first = nodes[0]?.endpoint.url ?? "";
  const buildx = await setup.buildx();
  return io.group(`Creating the remote builder ${setup.name}`, async () => {
    try {
      for (const [i, node] of nodes.entries()) {
        await createRemoteBuilder(buildx, setup.where, {
          name: setup.name,
          append: i > 0,
          platform: node.platform,
          endpoint: node.endpoint,
          caCertFile: setup.ws.caCertFile,
          clientCertFile: setup.ws.clientCertFile,
          clientKeyFile: setup.ws.clientKeyFile,
          serverName: remote.tlsServerName
        });
      }
      const booted = await bootBuilder(buildx, setup.where, setup.name, setup.timeoutMs);
      for (const n of booted) io.info(`BuildKit ${n.buildkitVersion || "(version unknown)"} on ${n.endpoint}; platforms: ${n.platforms.join(", ")}`);
      return { name: setup.name, where: setup.where, buildkitVersion: booted[0]?.buildkitVersion ?? "", endpoint: first, routing, gcPolicy: booted[0]?.gcPolicy ?? [] };
    } catch (err) {
      throw new RemoteFailedError({ reason: "remote-failed", message: `the remote builder at ${first} did not start: ${errorMessage(err)}`, misconfigured: false });
    }
  });
}

// src/run/connect.ts
async function connect2(job, remote, credentials) {
  const elapsed = stopwatch(job.ctx.now);
  await writeCertFiles(job.ws, credentials);
  const name = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  try {
    const routingKey = remote.routingKey || defaultRoutingKey(job.ctx.platform.job.repository, job.inputs.file);
    const builder = await startRemoteBuilder({
      io: job.ctx.platform.io,
      now: job.ctx.now,
      remote,
      routingKey,
      credentials,
      buildx: job.buildx,
      ws: job.ws,
      where: job.where,
      name,
      timeoutMs: job.inputs.connectTimeoutMs
    });
    return { ok: true, target: { name: builder.name, where: builder.where, cache: void 0 }, builder, ms: elapsed() };
  } catch (err) {
    if (err instanceof RemoteFailedError) return { ok: false, failure: err.failure, ms: elapsed() };
    throw err;
  }
}

// src/run/fallback.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/buildx/local.ts
var CONTAINER_BOOT_MS = 18e4;
async function startFallbackBuilder(buildx, jobWhere, named, newName) {
  if (named !== "") {
    const runners = jobWhere.dockerConfig ? { dockerConfig: jobWhere.dockerConfig } : {};
    const [node2] = await bootBuilder(buildx, runners, named, CONTAINER_BOOT_MS);
    return { name: named, where: runners, buildkitVersion: node2?.buildkitVersion ?? "", owned: false };
  }
  await createContainerBuilder(buildx, jobWhere, newName);
  const [node] = await bootBuilder(buildx, jobWhere, newName, CONTAINER_BOOT_MS);
  return { name: newName, where: jobWhere, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}

// src/policy/cache-scope.ts
function defaultCacheScope(repository, file, target) {
  const parts = [repository, file || "Dockerfile", target].filter(Boolean).join("-");
  return parts.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "remote-buildkit";
}

// src/run/mounts.ts
import { join as join4 } from "node:path";

// src/summary/mounts.ts
function copyStepLabel(name) {
  const tar = /tar -([xc])f \S+ -C "([^"]+)"/.exec(name);
  if (tar) return `${tar[1] === "x" ? "unpacking into" : "packing"} ${tar[2]}`;
  const from = /\] FROM (\S+?)(@sha256:\w+)?$/.exec(name);
  if (from) return `pulling ${from[1]}`;
  if (/\[context restored\] load from client/.test(name)) return "sending the archives";
  if (/COPY --from=mount\d+ \/rbk-out\//.test(name)) return "collecting the archives";
  if (/^exporting to client/.test(name)) return "sending them to the runner";
  return name.length > 50 ? `${name.slice(0, 49)}\u2026` : name;
}
function slowestCopySteps(steps) {
  const slow = [...steps].filter((s) => s.durationMs >= 100).sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  return slow.length === 0 ? "" : ` (slowest: ${slow.map((s) => `${copyStepLabel(s.name)} ${seconds(s.durationMs)}`).join(", ")})`;
}
function restoreLine(facts) {
  if (!facts.ok) return `Could not restore the cache mounts: ${facts.error}`;
  const { fetched } = facts;
  return `Restored ${fetched.mounts.map((m) => m.target).join(", ")} from the cache entry ${fetched.entry}: ${seconds(fetched.ms)} from the CI's cache, ${seconds(facts.copyMs)} into the builder${slowestCopySteps(facts.steps)}`;
}
function saveLine(plan, facts) {
  if (!facts.ok) return `Could not save the cache mounts: ${facts.error}`;
  return `Saved ${plan.mounts.map((m) => m.target).join(", ")} as the cache entry ${facts.key}: ${seconds(facts.copyMs)} out of the builder, ${seconds(facts.storeMs)} to the CI's cache${slowestCopySteps(facts.steps)}`;
}

// src/run/mounts.ts
async function startFetchingMounts(job, scope) {
  const { io, job: services } = job.ctx.platform;
  const store = await services.cacheStore();
  const plan = await planCacheMounts(job.inputs, job.ctx.host.cwd, services.tempDir, scope, services.runId);
  if (typeof plan === "string" || !store) {
    io.info(`Cache mounts are not carried over: ${typeof plan === "string" ? plan : "this CI has no cache service for them"}`);
    return void 0;
  }
  return { plan, store, fetching: fetchCacheMounts(plan, store, job.ctx.now) };
}
async function dropMounts(mounts) {
  await mounts.fetching;
  await discardFetched(mounts.plan);
}
async function restoreMounts(job, mounts, buildx, target) {
  const { io } = job.ctx.platform;
  const elapsed = stopwatch(job.ctx.now);
  await io.group("Restoring the cache mounts", async () => {
    const outcome = await mounts.fetching;
    if (!outcome.fetched) {
      io.info(outcome.note);
      await discardFetched(mounts.plan);
      return;
    }
    io.info(restoreLine(await restoreCacheMounts(mounts.plan, outcome.fetched, buildx, target, join4(job.ws.dir, "cache-mounts-in"), job.ctx.now)));
  });
  return { plan: mounts.plan, store: mounts.store, buildx, target, restoreMs: elapsed() };
}
async function saveMounts(job, mounts, steps) {
  const { io } = job.ctx.platform;
  if (steps.length > 0 && !ranWithCacheMounts(steps, mounts.plan.mounts)) {
    io.info("The cache mounts are as restored: every step that uses them came from the layer cache");
    return 0;
  }
  const elapsed = stopwatch(job.ctx.now);
  await io.group("Saving the cache mounts", async () => {
    const facts = await saveCacheMounts(mounts.plan, mounts.store, mounts.buildx, mounts.target, join4(job.ws.dir, "cache-mounts-out"), job.ctx.now);
    io.info(saveLine(mounts.plan, facts));
  });
  return elapsed();
}

// src/run/fallback.ts
async function fallBack(job, failure) {
  const elapsed = stopwatch(job.ctx.now);
  const { io, job: services } = job.ctx.platform;
  const buildx = await job.buildx();
  io.warning(`Building on the fallback builder (${failure.reason}): ${failure.message}`);
  const scope = job.inputs.cacheScope || defaultCacheScope(services.repository, job.inputs.file, job.inputs.target);
  const mounts = await startFetchingMounts(job, scope);
  const builder = await io.group("Starting the fallback builder", () => startFallbackBuilder(buildx, job.where, job.inputs.fallbackBuilder, `remote-buildkit-fallback-${randomBytes2(4).toString("hex")}`)).catch(async (err) => {
    if (mounts) await dropMounts(mounts);
    throw new Error(`${failure.message}; and the fallback builder did not start: ${errorMessage(err)}`);
  });
  if (builder.owned) io.saveState(STATE.builders, JSON.stringify([builder.name]));
  const cache = services.fallbackCache(scope, job.inputs.githubToken);
  io.info(`Fallback builder ${builder.name} (BuildKit ${builder.buildkitVersion || "version unknown"})${cache ? `, cache ${argvForLog(cache.cacheTo)}` : ""}`);
  const target = { name: builder.name, where: builder.where, cache };
  const startMs = elapsed();
  return {
    reason: failure.reason,
    target,
    buildkitVersion: builder.buildkitVersion,
    startMs,
    owned: builder.owned,
    mounts: mounts && await restoreMounts(job, mounts, buildx, target)
  };
}

// src/run/find-buildx.ts
function findBuildx(io, source, wanted) {
  const onRunner = source.runners();
  onRunner.catch(() => void 0);
  let waited;
  return () => waited ??= io.group("Finding buildx", async () => {
    const choice = chooseBuildx(await onRunner, wanted);
    io.info(choice.log);
    const buildx = "use" in choice ? choice.use : await source.install(choice.install);
    io.saveState(STATE.buildx, describeBuildx(buildx));
    return buildx;
  });
}

// src/summary/advice.ts
var LARGE_CONTEXT_BYTES = 100 * 1024 * 1024;
var SLOW_CONTEXT_MS = 1e4;
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
function adviseOn(analysis, options) {
  const advice = [];
  const contextMs = analysis.phaseMs.context;
  if (analysis.contextBytes >= LARGE_CONTEXT_BYTES || contextMs >= SLOW_CONTEXT_MS) {
    advice.push(`The build context took ${seconds(contextMs)} to send (${formatBytes(analysis.contextBytes)}). Every build sends it to the daemon: a .dockerignore that leaves out .git, dependencies and build output makes it smaller.`);
  }
  if (options.load) {
    advice.push(`load sent the image back from the remote daemon to the runner${analysis.loadTransferMs > 0 ? ` in ${seconds(analysis.loadTransferMs)}` : ""}. That transfer can cost more than the build itself: push the image to a registry instead, and pull it where it is needed.`);
  }
  return advice;
}

// src/run/report.ts
function builderFacts(facts) {
  const remote = facts.connection?.ok ? facts.connection.builder : void 0;
  const routing = remote?.routing ?? [];
  const fallback = facts.rebuiltOn ?? facts.fellBack;
  if (fallback) {
    return { mode: "fallback", fallbackReason: fallback.reason, builder: fallback.target.name, builderAddress: fallback.target.name, buildkitVersion: fallback.buildkitVersion, routing };
  }
  if (remote) return { mode: "remote", fallbackReason: "", builder: remote.name, builderAddress: remote.endpoint, buildkitVersion: remote.buildkitVersion, routing };
  return { mode: "remote", fallbackReason: "", builder: "", builderAddress: facts.inputs.remote?.endpoints[0]?.url ?? "", buildkitVersion: "", routing };
}
function makeReport(facts) {
  const { connection, fellBack, built } = facts;
  const failedBuild = facts.failure?.error instanceof BuildFailedError ? facts.failure.error : void 0;
  const firstReady = connection !== void 0 && (connection.ok || fellBack !== void 0);
  const mounts = (facts.rebuiltOn ?? fellBack)?.mounts;
  return {
    // A build whose step failed afterwards (its outputs could not be written) did not succeed as a step.
    outcome: built && !facts.failure ? "succeeded" : failedBuild?.cancelled ? "cancelled" : "failed",
    ...builderFacts(facts),
    tags: facts.inputs.tags,
    pushed: facts.inputs.push,
    digest: built?.result.digest ?? "",
    connectMs: firstReady ? connection.ms + (fellBack?.startMs ?? 0) : 0,
    restoreMountsMs: mounts?.restoreMs ?? 0,
    buildMs: built?.result.durationMs ?? 0,
    saveMountsMs: facts.saveMountsMs,
    totalMs: facts.totalMs,
    analysis: built?.analysis ?? failedBuild?.analysis,
    advice: built ? adviseOn(built.analysis, { load: facts.inputs.load }) : [],
    error: facts.failure ? errorMessage(facts.failure.error) : "",
    health: facts.health,
    comparison: facts.comparison,
    record: built?.record ?? failedBuild?.record ?? ""
  };
}

// src/health/history.ts
var DAY_MS2 = 24 * 36e5;
function countRecentBuilds(text2, now) {
  let count = 0;
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    const created = isRecord(parsed) && typeof parsed["created_at"] === "string" ? Date.parse(parsed["created_at"]) : Number.NaN;
    if (Number.isFinite(created) && now.getTime() - created <= DAY_MS2) count++;
  }
  return count;
}

// src/health/usage.ts
function kindOf(type) {
  if (type === "regular") return "layers";
  if (type === "exec.cachemount") return "cacheMounts";
  if (type === "source.local" || type === "source.git.checkout") return "contexts";
  return "other";
}
function parseDiskUsage(text2) {
  const records2 = [];
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    const bytes = typeof parsed["Size"] === "string" ? parseSize(parsed["Size"]) : typeof parsed["Size"] === "number" ? parsed["Size"] : void 0;
    records2.push({ type: typeof parsed["Type"] === "string" ? parsed["Type"] : "", bytes: bytes ?? 0 });
  }
  const byKind = { layers: 0, cacheMounts: 0, contexts: 0, other: 0 };
  for (const r of records2) byKind[kindOf(r.type)] += r.bytes;
  return { totalBytes: records2.reduce((sum, r) => sum + r.bytes, 0), byKind, records: records2 };
}
function bytesSelected(records2, filters) {
  const types = filters.flatMap((f) => /^type==(.+)$/.exec(f)?.[1] ?? []);
  return records2.filter((r) => filters.length === 0 || types.includes(r.type)).reduce((sum, r) => sum + r.bytes, 0);
}

// src/health/advisories.ts
var ADVISORY_URL = "https://github.com/moby/buildkit/security/advisories/";
var ADVISORIES = [
  { id: "GHSA-7236-3392-c5c6", cve: "", summary: "a custom frontend could run build containers without seccomp and AppArmor", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-72x6-4j93-7w86", cve: "", summary: "a crafted base image or build could exhaust buildkitd's memory", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-4vrq-3vrq-g6gg", cve: "CVE-2026-33748", summary: "a custom frontend could write files outside the build's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-4c29-8rgm-jvjj", cve: "CVE-2026-33747", summary: "a custom frontend could write files outside the execution context's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-wr6v-9f75-vh2g", cve: "CVE-2024-23653", summary: "the interactive containers API did not check the security.insecure entitlement", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-4v98-7qmw-rqr8", cve: "CVE-2024-23652", summary: "RUN --mount clean-up could remove a file outside the container, on the host", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-m3r6-h7wv-7xxv", cve: "CVE-2024-23651", summary: "a race between steps sharing cache mounts with subpaths could expose host files", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-9p26-698r-w4hx", cve: "CVE-2024-23650", summary: "a crafted client or frontend request could crash buildkitd", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-gc89-7gcr-jxqc", cve: "CVE-2023-26054", summary: "credentials in a Git URL could show in provenance attestations", fixed: "v0.11.4", introduced: "v0.11.0" }
];
function releaseNumbers(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : void 0;
}
function compareReleases(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
function advisoriesFor(version, table = ADVISORIES) {
  const have = releaseNumbers(version);
  if (!have) return [];
  return table.filter((a) => {
    const fixed = releaseNumbers(a.fixed);
    const introduced = a.introduced ? releaseNumbers(a.introduced) : void 0;
    return fixed !== void 0 && compareReleases(have, fixed) < 0 && (!introduced || compareReleases(have, introduced) >= 0);
  });
}

// src/health/assess.ts
var NEAR = 0.9;
function kindsOf(filters) {
  if (filters.length === 0) return "all cache";
  return filters.map((f) => f.replace(/^type==/, "")).join(", ");
}
function gcFacts(rules, usage) {
  const lines = [];
  const warnings = [];
  for (const [i, rule] of rules.entries()) {
    if (rule.maxUsedBytes === void 0) continue;
    const used = bytesSelected(usage.records, rule.filters);
    const age = rule.keepDurationMs > 0 ? `, unused for ${Math.round(rule.keepDurationMs / 36e5)} h` : "";
    const headroom = rule.maxUsedBytes - used;
    lines.push(`rule ${i}: ${kindsOf(rule.filters)}${age}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)} (${headroom >= 0 ? `${formatSize(headroom)} left` : `${formatSize(-headroom)} over`})`);
    if (used >= rule.maxUsedBytes * NEAR) {
      const what = rule.filters.length === 0 || rule.filters.some((f) => /exec\.cachemount|regular/.test(f)) ? "cache this project's builds use" : "build contexts";
      warnings.push(`The daemon's cache is ${used > rule.maxUsedBytes ? "over" : "near"} GC rule ${i}'s limit (${kindsOf(rule.filters)}: ${formatSize(used)} of ${formatSize(rule.maxUsedBytes)}): the next GC will prune ${what}${age ? ` that was${age}` : ", least recently used first"}. Give the daemon more disk or raise the limit in buildkitd.toml.`);
    }
  }
  return { lines, warnings };
}
function assessHealth(reading) {
  const facts = [];
  const warnings = [];
  const { usage } = reading;
  if (usage) {
    const k = usage.byKind;
    facts.push(["Cache on disk", `${formatSize(usage.totalBytes)}: layers ${formatSize(k.layers)}, cache mounts ${formatSize(k.cacheMounts)}, build contexts ${formatSize(k.contexts)}, other ${formatSize(k.other)}`]);
    const gc = gcFacts(reading.gcPolicy, usage);
    if (gc.lines.length > 0) facts.push(["GC limits", gc.lines.join("; ")]);
    warnings.push(...gc.warnings);
  }
  if (reading.recentBuilds !== void 0) facts.push(["Builds in the last 24 h", String(reading.recentBuilds)]);
  for (const why of reading.unreadable) facts.push(["Not read", why]);
  for (const a of advisoriesFor(reading.buildkitVersion)) {
    warnings.push(`The daemon runs BuildKit ${reading.buildkitVersion}, affected by ${a.id}${a.cve ? ` (${a.cve})` : ""}: ${a.summary}. Upgrade it to ${a.fixed} or later: ${ADVISORY_URL}${a.id}`);
  }
  return { facts, warnings };
}

// src/run/health.ts
var READ_TIMEOUT_MS = 2e4;
async function readHealth(job, builder) {
  const buildx = await job.buildx();
  const read = async (args) => {
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder.name], { timeoutMs: READ_TIMEOUT_MS });
    if (result.code !== 0) throw new Error(result.timedOut ? `timed out after ${READ_TIMEOUT_MS / 1e3} s` : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`);
    return result.stdout;
  };
  const unreadable = [];
  const [usage, recentBuilds] = await Promise.all([
    read(["du", "--format", "json"]).then(parseDiskUsage).catch((err) => {
      unreadable.push(`disk usage (buildx du: ${errorMessage(err)})`);
      return void 0;
    }),
    read(["history", "ls", "--format", "json"]).then((text2) => countRecentBuilds(text2, job.ctx.now())).catch((err) => {
      unreadable.push(`build history (buildx history ls: ${errorMessage(err)})`);
      return void 0;
    })
  ]);
  return assessHealth({ buildkitVersion: builder.buildkitVersion, gcPolicy: builder.gcPolicy, usage, recentBuilds, unreadable });
}

// src/health/records.ts
var str = (o, key2) => typeof o[key2] === "string" ? o[key2] : "";
function shortRef(ref) {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
function parseRecordList(text2) {
  const entries = [];
  for (const line of text2.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    entries.push({ ref: shortRef(str(parsed, "ref")), repository: str(parsed, "name"), status: str(parsed, "status"), createdAt: Date.parse(str(parsed, "created_at")) });
  }
  return entries.filter((e) => e.status === "Completed").sort((a, b) => b.createdAt - a.createdAt);
}
function parseRecordDetails(text2) {
  const parsed = JSON.parse(text2);
  const o = isRecord(parsed) ? parsed : {};
  const args = {};
  for (const a of Array.isArray(o["BuildArgs"]) ? o["BuildArgs"] : []) if (isRecord(a)) args[str(a, "Name")] = str(a, "Value");
  return {
    ref: str(o, "Ref"),
    repository: str(o, "VCSRepository"),
    dockerfile: str(o, "Dockerfile"),
    target: str(o, "Target"),
    startedAt: Date.parse(str(o, "StartedAt")),
    durationMs: typeof o["Duration"] === "number" ? Math.round(o["Duration"] / 1e6) : 0,
    buildArgs: args
  };
}
function fromRepository(recordRepository, project) {
  const url = recordRepository.toLowerCase().replace(/\/+$/, "").replace(/\.git$/, "");
  return project !== "" && url.endsWith(`/${project.toLowerCase()}`);
}
function sameProject(record, project) {
  const base = (path) => path.slice(path.lastIndexOf("/") + 1) || "Dockerfile";
  return fromRepository(record.repository, project.repository) && base(record.dockerfile) === base(project.dockerfile || "Dockerfile") && record.target === project.target;
}
function recordRef(metadataJson) {
  const parsed = JSON.parse(metadataJson || "{}");
  return isRecord(parsed) && typeof parsed["buildx.build.ref"] === "string" ? shortRef(parsed["buildx.build.ref"]) : "";
}
function buildArgValues(lines) {
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.includes("=") ? l.indexOf("=") : l.length), l.includes("=") ? l.slice(l.indexOf("=") + 1) : ""]));
}

// src/run/previous.ts
import { stat as stat2 } from "node:fs/promises";
import { dirname, join as join5, resolve } from "node:path";

// src/health/compare.ts
var DIGEST = /@sha256:[0-9a-f]{64}/;
function key(step) {
  const at = position(step);
  return at ? `${at.stage} ${at.index}` : step.name;
}
function position(step) {
  const match = /^\[(?:(\S+)\s+)?(\d+)\/\d+\]/.exec(step.name);
  return match ? { stage: match[1] ?? "", index: Number(match[2]) } : void 0;
}
function instruction(step) {
  return /^(?:\[[^\]]*\]\s*)?(\w+)/.exec(step.name)?.[1]?.toUpperCase() ?? "";
}
function sameBase(step, previous) {
  return instruction(step) === "FROM" && DIGEST.exec(step.name)?.[0] === DIGEST.exec(previous.name)?.[0];
}
function changedArgs(before, now) {
  const names = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(now)])].sort();
  return names.filter((n) => before[n] !== now[n]).map((n) => `${n}: ${before[n] ?? "(unset)"} \u2192 ${now[n] ?? "(unset)"}`);
}
function baseDigests(analysis) {
  const bases = /* @__PURE__ */ new Map();
  for (const step of analysis.steps) {
    const at = position(step);
    const digest = DIGEST.exec(step.name)?.[0];
    if (at && digest && instruction(step) === "FROM") bases.set(at.stage, digest);
  }
  return bases;
}
function causeOf(step, base, args, noCache) {
  if (noCache) return "no-cache was set";
  if (base.was && base.is && base.was !== base.is) return `the base image resolved to a new digest (${base.was.slice(8, 20)} \u2192 ${base.is.slice(8, 20)})`;
  if (instruction(step) === "COPY" || instruction(step) === "ADD") return "the files it copies changed";
  if (instruction(step) === "RUN" && args.length > 0) return `a build argument changed (${args.join(", ")})`;
  return "the records do not tell (an earlier step's result or the step itself changed)";
}
function ratio(now, before) {
  if (before <= 0 || now <= 0) return "";
  const r = now / before;
  if (r >= 1.15) return `${r.toFixed(1)}\xD7 slower than`;
  if (r <= 1 / 1.15) return `${(1 / r).toFixed(1)}\xD7 faster than`;
  return "about as fast as";
}
function compareBuilds(previous, current, seconds2) {
  if (!previous) {
    return { headline: "the first build of this project in the daemon's history (or its earlier records were removed)", reran: [] };
  }
  const [was, is] = [previous.analysis.wallMs, current.analysis.wallMs];
  const headline2 = `${ratio(is, was) || "compared with"} the last build of this project (${seconds2(was)} \u2192 ${seconds2(is)}, record ${previous.ref.slice(0, 12)})`;
  const before = new Map(previous.analysis.steps.map((s) => [key(s), s]));
  const args = changedArgs(previous.buildArgs, current.buildArgs);
  const again = current.analysis.steps.map((step) => ({ step, at: position(step), was: before.get(key(step)) })).filter((s) => !s.step.cached && s.at !== void 0 && s.was?.cached === true && !sameBase(s.step, s.was)).sort((a, b) => (a.at?.stage ?? "").localeCompare(b.at?.stage ?? "") || (a.at?.index ?? 0) - (b.at?.index ?? 0));
  const [basesBefore, basesNow] = [baseDigests(previous.analysis), baseDigests(current.analysis)];
  const reran = [];
  const stagesSeen = /* @__PURE__ */ new Set();
  for (const { step, at } of again) {
    const stage = at?.stage ?? "";
    if (stagesSeen.has(stage)) continue;
    stagesSeen.add(stage);
    const base = { was: basesBefore.get(stage), is: basesNow.get(stage) };
    reran.push({ step: step.name.replace(DIGEST, (d) => `@${d.slice(1, 20)}\u2026`), cause: causeOf(step, base, args, current.noCache), startMs: step.startMs });
  }
  const first = Math.min(...reran.map((r) => r.startMs));
  return {
    headline: headline2,
    reran: reran.map((r) => ({ step: r.step, cause: r.startMs > first && !current.noCache ? `${r.cause}, or a stage it depends on ran again` : r.cause }))
  };
}

// src/run/previous.ts
var READ_TIMEOUT_MS2 = 2e4;
var LOOK_AT = 5;
async function findEarlierBuilds(job, builder) {
  const buildx = await job.buildx();
  const read = async (args) => {
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder], { timeoutMs: READ_TIMEOUT_MS2 });
    if (result.code !== 0) throw new Error(`buildx ${args.slice(0, 2).join(" ")}: ${result.timedOut ? "timed out" : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`}`);
    return `${result.stdout}
${result.stderr}`;
  };
  const project = { repository: job.ctx.platform.job.repository, dockerfile: job.inputs.file, target: job.inputs.target };
  if (!await inGitCheckout(resolve(job.ctx.host.cwd, job.inputs.context))) {
    return { unreadable: "the build context is not in a Git checkout, and the daemon's records name a project only by its Git repository" };
  }
  try {
    const recent = parseRecordList(await read(["history", "ls", "--format", "json"])).filter((r) => fromRepository(r.repository, project.repository)).slice(0, LOOK_AT);
    const details = await Promise.all(recent.map(async (r) => parseRecordDetails(await read(["history", "inspect", r.ref, "--format", "json"]))));
    const candidates = details.filter((d) => sameProject(d, project)).slice(0, 2).map((record) => {
      let loading;
      const load2 = () => loading ??= read(["history", "logs", record.ref, "--progress", "rawjson"]).then((text2) => ({
        ref: record.ref,
        startedAt: record.startedAt,
        buildArgs: record.buildArgs,
        analysis: analyzeProgress(text2)
      }));
      return { ref: record.ref, load: load2 };
    });
    candidates[0]?.load().catch(() => void 0);
    return { candidates };
  } catch (err) {
    return { unreadable: `the daemon's history could not be read (${errorMessage(err)})` };
  }
}
async function inGitCheckout(dir) {
  for (let at = dir; ; at = dirname(at)) {
    if (await stat2(join5(at, ".git")).then(() => true, () => false)) return true;
    if (dirname(at) === at) return false;
  }
}
async function compareWithEarlier(earlier, ownRef, current) {
  if ("unreadable" in earlier) return { headline: `not compared with the last build: ${earlier.unreadable}`, reran: [] };
  const last = earlier.candidates.find((c) => c.ref !== ownRef);
  try {
    return compareBuilds(last ? await last.load() : void 0, current, seconds);
  } catch (err) {
    return { headline: `not compared with the last build: its record could not be read (${errorMessage(err)})`, reran: [] };
  }
}

// src/run/main.ts
async function runMain(ctx) {
  const { io, job: services } = ctx.platform;
  const total = stopwatch(ctx.now);
  maskSecretInputs(io);
  const { inputs, credentialPems } = parseInputs(ctx.manifest, (name) => io.getInput(name));
  maskBuildSecrets(io, inputs);
  const credentials = credentialPems ? checkCredentials(io, credentialPems, ctx.now()) : NO_CREDENTIALS;
  if ("reason" in credentials) mayFallBack(inputs, credentials);
  const logins = services.registryLogins();
  const ws = await createWorkspace(services.tempDir, services.tempDirVariable).catch(async (error) => {
    const report = makeReport({ inputs, connection: void 0, fellBack: void 0, rebuiltOn: void 0, built: void 0, saveMountsMs: 0, failure: { error }, health: void 0, comparison: void 0, totalMs: total() });
    await endStep(io, inputs.summary, { error }, void 0, () => report);
    throw error;
  });
  io.saveState(STATE.workspace, ws.dir);
  const where = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
  const job = { ctx, inputs, ws, where, buildx: findBuildx(io, ctx.buildx, inputs.buildxVersion) };
  let connection;
  let fellBack;
  let rebuiltOn;
  let built;
  let saveMountsMs = 0;
  let failure;
  let reading;
  let earlier;
  try {
    if (logins.length > 0) {
      await writeDockerConfig(ws.dockerConfig, logins, ctx.host);
      io.info(`Logged in to ${logins.map((l) => l.registry).join(", ")} for this build`);
    }
    connection = inputs.remote && !("reason" in credentials) ? await connect2(job, inputs.remote, credentials) : { ok: false, failure: "reason" in credentials ? credentials : NO_CREDENTIALS, ms: 0 };
    const fallBackFrom = async (why) => {
      mayFallBack(inputs, why);
      return fallBack(job, why);
    };
    const target = connection.ok ? connection.target : (fellBack = await fallBackFrom(connection.failure)).target;
    if (connection.ok) {
      reading = readHealth(job, connection.builder);
      earlier = findEarlierBuilds(job, connection.builder.name);
    }
    try {
      built = await buildPushingAgain(job, target);
    } catch (err) {
      if (err instanceof BuildFailedError && !err.cancelled) failOnRegistry(err);
      if (fellBack || !(err instanceof BuildFailedError) || err.cancelled || !lostConnection(err.stderr)) throw err;
      rebuiltOn = await fallBackFrom({ reason: "remote-failed", message: "the connection to the remote daemon was lost during the build", misconfigured: false });
      built = await buildOnce(job, rebuiltOn.target, "Building again on the fallback builder");
    }
    const mounts = (rebuiltOn ?? fellBack)?.mounts;
    if (mounts) saveMountsMs = await saveMounts(job, mounts, built.analysis.steps);
    try {
      setOutputs(io, built.result, builderFacts({ inputs, connection, fellBack, rebuiltOn }));
    } catch (err) {
      throw new Error(`The build succeeded, but the step's outputs could not be written: ${errorMessage(err)}`);
    }
  } catch (err) {
    failure = { error: err };
  }
  const owned = [fellBack, rebuiltOn].flatMap((f) => f?.owned ? [f.target.name] : []);
  const removing = async () => cleanUp(io, ws.dir, owned.length > 0 ? await job.buildx().catch(() => void 0) : void 0, owned);
  await endStep(io, inputs.summary, failure, removing, async () => {
    const health = reading && !rebuiltOn ? await reading : void 0;
    health?.warnings.forEach((w) => io.warning(w));
    const comparison = earlier && built && !rebuiltOn ? await compareWithEarlier(await earlier, recordRef(built.result.json), { buildArgs: buildArgValues(inputs.buildArgs), noCache: inputs.noCache, analysis: built.analysis }) : void 0;
    return makeReport({ inputs, connection, fellBack, rebuiltOn, built, saveMountsMs, failure, health, comparison, totalMs: total() });
  });
}
function mayFallBack(inputs, failure) {
  if (decideFallback(inputs.fallback, failure) === "fail") throw failWith(failure, inputs.fallback);
}
function setOutputs(io, result, builder) {
  io.setOutput("digest", result.digest);
  io.setOutput("imageid", result.imageId);
  io.setOutput("metadata", result.json);
  io.setOutput("builder", builder.builder);
  io.setOutput("duration", String(result.durationMs));
  io.setOutput("builder-mode", builder.mode);
  io.setOutput("fallback-reason", builder.fallbackReason);
}
async function endStep(io, summary, failure, removing, report) {
  const end = new StepEnd(failure);
  if (removing) await end.run("Removing the builder, certificates and secrets", removing);
  let made;
  await end.run("Making the report", async () => made = await report());
  if (made) {
    const told = end.laterErrors.length === 0 ? made : { ...made, outcome: made.outcome === "succeeded" ? "failed" : made.outcome, error: [made.error, ...end.laterErrors].filter(Boolean).join("\n") };
    if (summary) await end.run("Writing the step summary", () => io.writeSummary(renderSummary(told)));
    await end.run("Printing the summary", () => io.logSummary(renderSummaryText(told)));
  }
  end.settle();
}
function failOnRegistry(err) {
  const failure = registryFailure(err.stderr);
  if (!failure) return;
  throw new BuildFailedError(
    `The registry ${failure.registry} failed the build (${failure.cause}); the builder itself is fine, so the build does not fall back. Fix: check that ${failure.registry} is up, reachable from the BuildKit daemon and logged in to, and the image names in the Dockerfile, tags, outputs and cache inputs`,
    err.analysis,
    false,
    err.stderr
  );
}

// src/main.ts
async function main() {
  const host = processHost();
  const platform = selectPlatform(host.env, systemClock);
  const cancel = new AbortController();
  const onSignal = (signal) => {
    platform.io.warning(`Received ${signal}: cancelling the build`);
    cancel.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const manifest = parseManifest(readFileSync(fileURLToPath(new URL("../action.yml", import.meta.url)), "utf8"));
    await runMain({ platform, manifest, signal: cancel.signal, now: systemClock, host, buildx: hostBuildx(host) });
  } catch (err) {
    platform.io.fail(errorMessage(err));
  }
}
main().catch((err) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}
`);
  process.exitCode = 1;
});
/*! Bundled license information:

js-yaml/dist/js-yaml.mjs:
  (*! js-yaml 5.5.0 https://github.com/nodeca/js-yaml @license MIT *)
*/
