// One path segment's wildcard pattern as a RegExp: `*`, `?` and `[...]` classes (`!` negates; an
// unclosed `[` is literal). Two dialects read the rest differently: Python's fnmatch.translate
// (supervisord's [include] files=) has no escapes and takes a leading `^` in a class literally;
// glibc's fnmatch(3) (php-fpm's include=) escapes with `\` and negates with `^` too.
export type FnmatchDialect = 'python' | 'glibc';

const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// The class starting at `[` at `open`, as RegExp source and where it ends; null when unclosed.
function classAt(pattern: string, open: number, dialect: FnmatchDialect) {
  let end = open + 1;
  const negators = dialect === 'glibc' ? ['!', '^'] : ['!'];
  if (negators.includes(pattern[end] as string)) end += 1;
  if (pattern[end] === ']') end += 1;
  while (end < pattern.length && pattern[end] !== ']') end += 1;
  if (end >= pattern.length) return null;
  let body = pattern.slice(open + 1, end).replaceAll('\\', '\\\\');
  if (negators.includes(body[0] as string)) body = `^${body.slice(1)}`;
  else if (body.startsWith('^')) body = `\\${body}`;
  if (dialect === 'glibc') body = body.replaceAll('[', '\\[').replaceAll(']', '\\]');
  return { source: `[${body}]`, end };
}

export function fnmatchRegExp(pattern: string, dialect: FnmatchDialect): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (dialect === 'glibc' && c === '\\' && i + 1 < pattern.length)
      source += literal(pattern[++i] as string);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const cls = classAt(pattern, i, dialect);
      if (cls === null) source += '\\[';
      else {
        source += cls.source;
        i = cls.end;
      }
    } else source += literal(c);
  }
  return new RegExp(`^${source}$`, 's');
}
