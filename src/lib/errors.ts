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
    /** JSON pointer of the setting, when the system knows which one it was. */
    readonly setting?: string,
  ) {
    super(`environment ${environment}, system ${system}${setting ? `, setting ${setting}` : ''}: ${detail.split('\n').join(' ')}`);
    this.name = 'SystemSettingError';
  }
}

/**
 * A system rejected one setting of the environment: `setting` is its JSON pointer (`/apps/shop/image`), so the
 * message can name the line to change. The registry turns it into a SystemSettingError.
 */
export class SettingError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'SettingError';
  }
}

/**
 * Runs `build` (a construct fed from `setting`, a JSON pointer into the environment) and turns a plain Error it
 * throws into a SettingError for that setting, so the message names what to change. Input errors pass as they are.
 */
export function forSetting<T>(setting: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof InputError || err instanceof SettingError || !(err instanceof Error)) throw err;
    throw new SettingError(setting, err.message);
  }
}
