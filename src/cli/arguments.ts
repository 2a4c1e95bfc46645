import { controlCharacterIn, controlCharacterRefused } from '../core/text-input.js';

/**
 * Command-line arguments are typed text: one with a control character (an escape pasted from a
 * terminal, a stray ^A) is refused before any command runs, by the rule of src/core/text-input.ts,
 * naming the option it is the value of, or its position. (A NUL cannot reach argv at all.)
 */
export function refuseControlCharactersInArguments(args: string[]): void {
  args.forEach((arg, i) => {
    const found = controlCharacterIn(arg);
    if (!found) return;
    const inline = /^(--?[A-Za-z][\w-]*)=/.exec(arg);
    const previous = args[i - 1];
    const option = inline?.[1] ?? (previous && /^--?[A-Za-z]/.test(previous) && !previous.includes('=') ? previous : undefined);
    throw controlCharacterRefused(option ? `value of ${option}` : `argument ${i + 1}`, found);
  });
}
