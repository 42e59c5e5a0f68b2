/**
 * Splits a ```sh block into commands and words the way a POSIX shell would (quotes, backslash
 * line continuations, comments, `&&`/`||`/`;`/`|` between commands), without running anything,
 * so that each command can be checked on its own.
 */

/** A piece of a word: how it was quoted decides whether `$NAME` in it is expanded. */
export interface WordPiece {
  readonly text: string;
  /** `true` outside single quotes and escapes: `$NAME` expands. */
  readonly expands: boolean;
}

/** One word of a command, as the pieces it was written in. */
export interface Word {
  readonly pieces: readonly WordPiece[];
  /** The word without quotes, `$NAME` left as written. */
  readonly text: string;
}

/** One simple command. */
export interface ShellCommand {
  /** The block line it starts on (1-based). */
  readonly line: number;
  readonly words: readonly Word[];
  /** The comments written after it, up to the next command, without `#` (`201 {"contactId":…}`). */
  readonly comments: readonly string[];
  /** A reason the command cannot be checked (command substitution). */
  readonly unsupported?: string;
}

/**
 * The commands of `script`.
 *
 * @example
 * parseShell("curl -s $RAPPORT_URL/healthz  # {\"ok\":true}")[0]!.words.map((w) => w.text); // ['curl', '-s', '$RAPPORT_URL/healthz']
 */
export function parseShell(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: Word[] = [];
  let pieces: WordPiece[] | undefined;
  let comments: string[] = [];
  let unsupported: string | undefined;
  let line = 1;
  let commandLine = 1;
  const push = (text: string, expands: boolean) => {
    if (!pieces) {
      pieces = [];
      if (!words.length) commandLine = line;
    }
    const last = pieces.at(-1);
    if (last && last.expands === expands) pieces[pieces.length - 1] = { text: last.text + text, expands };
    else pieces.push({ text, expands });
  };
  const endWord = () => {
    if (pieces) words.push({ pieces, text: pieces.map((piece) => piece.text).join('') });
    pieces = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length) {
      commands.push({ line: commandLine, words, comments, ...(unsupported ? { unsupported } : {}) });
      comments = [];
    }
    words = [];
    unsupported = undefined;
  };
  for (let index = 0; index < script.length; index++) {
    const char = script[index]!;
    const next = script[index + 1];
    if (char === '\\' && next === '\n') {
      index++;
      line++;
    } else if (char === '\n') {
      endCommand();
      line++;
    } else if (char === ' ' || char === '\t') endWord();
    else if (char === '#' && !pieces) {
      const end = script.indexOf('\n', index);
      const text = script.slice(index + 1, end < 0 ? undefined : end).trim();
      // A comment belongs to the command before it (on its line, or the lines below it).
      (words.length ? comments : (commands.at(-1)?.comments as string[] | undefined))?.push(text);
      index = (end < 0 ? script.length : end) - 1;
    } else if (char === ';' || char === '|' || char === '&') {
      endCommand();
      if ((char === '|' || char === '&') && next === char) index++;
    } else if (char === "'") {
      const end = script.indexOf("'", index + 1);
      const text = script.slice(index + 1, end < 0 ? undefined : end);
      line += text.split('\n').length - 1;
      push(text, false);
      index = end < 0 ? script.length : end;
    } else if (char === '"') {
      let text = '';
      let at = index + 1;
      for (; at < script.length && script[at] !== '"'; at++) {
        if (script[at] === '\\' && '"\\$`'.includes(script[at + 1] ?? '')) at++;
        if (script[at] === '\n') line++;
        text += script[at];
      }
      if (text.includes('$(')) unsupported = 'command substitution $( … ) is not checked';
      push(text, true);
      index = at;
    } else if (char === '\\') {
      push(next ?? '', false);
      index++;
    } else if (char === '$' && next === '(') {
      unsupported = 'command substitution $( … ) is not checked';
      push(char, true);
    } else push(char, true);
  }
  endCommand();
  return commands;
}

/**
 * `word` with `$NAME` and `${NAME}` replaced from `variables` where the shell would expand them.
 * Throws on a variable `variables` does not have.
 *
 * @example
 * expandWord(word, { RAPPORT_URL: 'http://127.0.0.1:4000' });
 */
export function expandWord(word: Word, variables: Readonly<Record<string, string>>): string {
  return word.pieces
    .map((piece) =>
      piece.expands
        ? piece.text.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_, braced: string | undefined, bare: string | undefined) => {
            const name = (braced ?? bare)!;
            const value = variables[name];
            if (value === undefined) throw new Error(`$${name} is not set here (the runner provides ${Object.keys(variables).map((v) => `$${v}`).join(', ')})`);
            return value;
          })
        : piece.text,
    )
    .join('');
}
