import type { z } from 'zod';

/** Variables whose value may be a secret (tokens, URLs with a password): named in errors, never shown. */
const SECRET = /TOKEN|SECRET|PASSWORD|KEY|_URL$/;

/**
 * One bad environment variable in words an operator acts on: its name, the value it has (unless it may
 * be a secret) and what is expected, e.g. `PORT="abc": expected a number`.
 */
export function describeEnvIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = String(issue.path[0] ?? '(environment)');
  const raw = env[name];
  const shown = raw === undefined || SECRET.test(name) ? name : `${name}=${JSON.stringify(raw)}`;
  return `${shown}: ${plainMessage(issue.message)}`;
}

/** zod's wording of a coerced number that is not one ("received NaN") says nothing to an operator. */
function plainMessage(message: string): string {
  if (/expected number, received NaN/.test(message)) return 'expected a number';
  if (/expected int, received number/.test(message)) return 'expected a whole number';
  return message.replace(/^Invalid input: /, '');
}
