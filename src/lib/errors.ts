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

/**
 * A construct rejected a value while a system was added for an environment: the value came from that
 * environment's file, so it is the user's to fix (exit 2), and the message says where to look.
 */
export class SystemSettingError extends InputError {
  constructor(
    readonly environment: string,
    readonly system: string,
    detail: string,
  ) {
    super(`environment ${environment}, system ${system}: ${detail.split('\n').join(' ')}`);
    this.name = 'SystemSettingError';
  }
}
