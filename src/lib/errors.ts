/**
 * An error in what the user gave us (a flag, a path, an environment or policy file). The CLI prints its message
 * without a stack trace and exits 2; anything else reaching the top is a bug and keeps its stack.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
