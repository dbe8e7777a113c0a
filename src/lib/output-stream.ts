/** Something text is written to: a process stream, or a buffer when a caller (a test) runs a command in-process. */
export interface OutputStream {
  write(text: string): unknown;
  /** Colour is used only on a terminal (src/validate/format.ts useColor). */
  readonly isTTY?: boolean;
}
