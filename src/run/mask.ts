import { secretLines, type Credentials } from "../certs/decode.js";
import { SECRET_INPUTS, type Inputs } from "../inputs/inputs.js";
import type { StepIO } from "./port.js";

/** Shorter values are no secret worth the name, and masking them would garble every log line. */
const SHORTEST_MASKED = 4;

/** What each step's IO (one a job) was already given: a value is registered once, however many forms repeat it. */
const registered = new WeakMap<StepIO, Set<string>>();

function maskAll(io: StepIO, values: Iterable<string>): void {
  let seen = registered.get(io);
  if (!seen) registered.set(io, (seen = new Set()));
  for (const value of values) {
    const v = value.trim();
    if (v.length < SHORTEST_MASKED || seen.has(v)) continue;
    seen.add(v);
    io.mask(v);
  }
}

/**
 * Masks the raw secret inputs (the value, each line, and the base64 without line breaks) before
 * anything is parsed or logged: even an error about them must not show them.
 */
export function maskSecretInputs(io: StepIO): void {
  for (const name of SECRET_INPUTS) {
    const raw = io.getInput(name);
    if (raw.trim() === "") continue;
    maskAll(io, [raw, ...raw.split(/\r?\n/), raw.replace(/\s+/g, "")]);
  }
}

/** Masks each build secret's value, which the raw `secrets` input holds among its ids. */
export function maskBuildSecrets(io: StepIO, inputs: Inputs): void {
  maskAll(io, inputs.secrets.flatMap((s) => [s.value, ...s.value.split(/\r?\n/)]));
}

/** Masks each line of the decoded PEMs, which differ from the base64 the user stored. */
export function maskPemLines(io: StepIO, credentials: Credentials): void {
  maskAll(io, [...secretLines(credentials.ca), ...secretLines(credentials.cert), ...secretLines(credentials.key)]);
}
