// Command lines as a POSIX shell splits them into words (like Python's shlex.split), without
// running a shell: no variable expansion, globbing, pipes or redirections.

const BLANK = new Set([' ', '\t', '\n', '\r']);
// Inside double quotes a backslash only escapes these; before anything else it stays literal.
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);

// Splits a command string into argv; throws on an unclosed quote or a trailing backslash.
export function splitCommand(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' quote (opened at character ${i + 1})`);
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const [text, next] = readDoubleQuoted(s, i);
      word += text;
      inWord = true;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new Error('a backslash at the end escapes nothing');
      // A backslash-newline joins lines, as in sh.
      if (s[i + 1] !== '\n') {
        word += s[i + 1];
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function readDoubleQuoted(s: string, open: number): [string, number] {
  let text = '';
  let i = open + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return [text, i + 1];
    if (c === '\\' && i + 1 < s.length) {
      const next = s[i + 1]!;
      if (DOUBLE_QUOTE_ESCAPES.has(next)) text += next;
      else if (next !== '\n') text += c + next;
      i += 2;
    } else {
      text += c;
      i += 1;
    }
  }
  throw new Error(`unclosed " quote (opened at character ${open + 1})`);
}

// Joins argv back into one line that splitCommand reads the same way, quoting only where needed.
export function formatCommand(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'"'"'`)}'`))
    .join(' ');
}
