import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);

// src/errors.ts
var UserError = class extends Error {
  constructor(subject, problem, fix) {
    super(`${subject}: ${problem}${fix ? `. Fix: ${fix}` : ""}`);
    this.subject = subject;
    this.fix = fix;
    this.name = "UserError";
  }
  subject;
  fix;
};
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  UserError,
  errorMessage
};
