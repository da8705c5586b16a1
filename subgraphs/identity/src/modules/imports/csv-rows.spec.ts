import { csvRecords } from './csv-rows';

describe('csvRecords', () => {
  it('reads quoted commas, doubled quotes, embedded line breaks, CRLF and blank lines with their line numbers', () => {
    const text = 'email,name\r\na@x.com,"Smith, Ann"\n\nb@x.com,"Say ""hi"""\nc@x.com,"two\nlines"\nd@x.com,last';
    expect([...csvRecords(text)]).toEqual([
      { line: 1, fields: ['email', 'name'] },
      { line: 2, fields: ['a@x.com', 'Smith, Ann'] },
      { line: 4, fields: ['b@x.com', 'Say "hi"'] },
      { line: 5, fields: ['c@x.com', 'two\nlines'] },
      { line: 7, fields: ['d@x.com', 'last'] },
    ]);
  });
});
