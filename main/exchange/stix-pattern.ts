/**
 * The STIX 2.1 patterning language (STIX 2.1 §9), with chevrotain: observation expressions joined by
 * AND / OR / FOLLOWEDBY with WITHIN, REPEATS and START…STOP qualifiers; comparison expressions with
 * = != > < >= <= IN LIKE MATCHES ISSUBSET ISSUPERSET EXISTS and NOT; object paths with quoted keys and
 * list indexes ([*], [n]); string, integer, float, boolean, h'' hex, b'' binary and t'' timestamp
 * literals. `parseStixPattern` returns the AST or the first error with its position; the grammar
 * follows the OASIS ANTLR grammar (STIXPattern.g4): FOLLOWEDBY binds loosest, then OR, then AND.
 *
 * No maintained JavaScript library reads STIX patterns, so this is ours; it is the only module that
 * imports chevrotain.
 */
import { createToken, EmbeddedActionsParser, Lexer, type IToken, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------------------------------------------
// The AST

export type LiteralValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  /** Hex digits as written (lower-cased). */
  | { readonly type: 'hex'; readonly value: string }
  /** Base64 as written. */
  | { readonly type: 'binary'; readonly value: string }
  /** RFC 3339 timestamp in UTC, as written. */
  | { readonly type: 'timestamp'; readonly value: string };

export type PathStep =
  { readonly kind: 'property'; readonly name: string } | { readonly kind: 'index'; readonly index: number | '*' };

export interface ObjectPath {
  /** The STIX object type ("ipv4-addr", "file"). */
  readonly objectType: string;
  /** The property path after the colon: `hashes.'SHA-256'` → property hashes, property SHA-256. */
  readonly steps: readonly PathStep[];
}

export type ComparisonOperator =
  '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type ComparisonExpression =
  | {
      readonly kind: 'test';
      readonly path: ObjectPath;
      readonly negated: boolean;
      readonly operator: ComparisonOperator;
      /** IN takes a set; every other operator one literal. */
      readonly value: LiteralValue | readonly LiteralValue[];
    }
  | { readonly kind: 'exists'; readonly path: ObjectPath }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly ComparisonExpression[] };

export type Qualifier =
  | { readonly kind: 'within'; readonly seconds: number }
  | { readonly kind: 'repeats'; readonly times: number }
  | { readonly kind: 'start-stop'; readonly start: string; readonly stop: string };

export type ObservationExpression =
  | { readonly kind: 'observation'; readonly comparison: ComparisonExpression }
  | { readonly kind: 'and' | 'or' | 'followedby'; readonly operands: readonly ObservationExpression[] }
  | { readonly kind: 'qualified'; readonly expression: ObservationExpression; readonly qualifier: Qualifier };

export interface PatternError {
  readonly message: string;
  /** 0-based character offset, 1-based line and column of the offending text. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export type PatternResult =
  { readonly ok: true; readonly ast: ObservationExpression } | { readonly ok: false; readonly error: PatternError };

/** A pattern longer than this is not an indicator anyone wrote by hand or by tool; refused before lexing. */
export const MAX_PATTERN_CHARS = 100_000;
/** Brackets and parentheses nested deeper than this are refused (each level is a recursive call). */
export const MAX_PATTERN_NESTING = 100;

// ---------------------------------------------------------------------------------------------------
// Tokens. Keywords are upper case (booleans lower case), as in the specification.

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });

const Identifier = createToken({ name: 'Identifier', pattern: /[a-zA-Z_][a-zA-Z0-9_-]*/ });
const keyword = (word: string) => createToken({ name: word, pattern: new RegExp(word), longer_alt: Identifier });
const And = keyword('AND');
const Or = keyword('OR');
const Not = keyword('NOT');
const FollowedBy = keyword('FOLLOWEDBY');
const Like = keyword('LIKE');
const Matches = keyword('MATCHES');
const IsSuperset = keyword('ISSUPERSET');
const IsSubset = keyword('ISSUBSET');
const Exists = keyword('EXISTS');
const In = keyword('IN');
const Start = keyword('START');
const Stop = keyword('STOP');
const Seconds = keyword('SECONDS');
const Within = keyword('WITHIN');
const Repeats = keyword('REPEATS');
const Times = keyword('TIMES');
const BoolLiteral = createToken({ name: 'BoolLiteral', pattern: /true|false/, longer_alt: Identifier });

const TimestampLiteral = createToken({
  name: 'TimestampLiteral',
  pattern: /t'\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?Z'/,
});
const HexLiteral = createToken({ name: 'HexLiteral', pattern: /h'(?:[0-9a-fA-F]{2})*'/ });
const BinaryLiteral = createToken({
  name: 'BinaryLiteral',
  pattern: /b'(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?'/,
});
const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^'\\]|\\['\\])*'/ });
const FloatLiteral = createToken({ name: 'FloatLiteral', pattern: /[+-]?\d*\.\d+/ });
const IntLiteral = createToken({ name: 'IntLiteral', pattern: /[+-]?(?:0|[1-9]\d*)/ });

const Eq = createToken({ name: 'Eq', pattern: /==?/ });
const Neq = createToken({ name: 'Neq', pattern: /!=|<>/ });
const Le = createToken({ name: 'Le', pattern: /<=/ });
const Ge = createToken({ name: 'Ge', pattern: />=/ });
const Lt = createToken({ name: 'Lt', pattern: /</ });
const Gt = createToken({ name: 'Gt', pattern: />/ });
const Colon = createToken({ name: 'Colon', pattern: /:/ });
const Dot = createToken({ name: 'Dot', pattern: /\./ });
const Comma = createToken({ name: 'Comma', pattern: /,/ });
const LParen = createToken({ name: 'LParen', pattern: /\(/ });
const RParen = createToken({ name: 'RParen', pattern: /\)/ });
const LBrack = createToken({ name: 'LBrack', pattern: /\[/ });
const RBrack = createToken({ name: 'RBrack', pattern: /\]/ });
const Asterisk = createToken({ name: 'Asterisk', pattern: /\*/ });

// Order matters: prefixed literals before identifiers, floats before integers, two-character
// operators before one-character ones, keywords before the identifier they would otherwise be.
const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  BlockComment,
  LineComment,
  TimestampLiteral,
  HexLiteral,
  BinaryLiteral,
  StringLiteral,
  FloatLiteral,
  IntLiteral,
  Neq,
  Le,
  Ge,
  Eq,
  Lt,
  Gt,
  Colon,
  Dot,
  Comma,
  LParen,
  RParen,
  LBrack,
  RBrack,
  Asterisk,
  FollowedBy,
  IsSuperset,
  IsSubset,
  Matches,
  Repeats,
  Exists,
  Within,
  Seconds,
  Start,
  Stop,
  Times,
  Like,
  And,
  Not,
  Or,
  In,
  BoolLiteral,
  Identifier,
];

const lexer = new Lexer(ALL_TOKENS, { positionTracking: 'full', ensureOptimizations: false });

/** The one operand of an operator that had no second one. */
function single<T>(operands: readonly T[]): T | undefined {
  return operands.length === 1 ? operands[0] : undefined;
}

/** A semantic error found while building the AST, at a token. */
class PatternSemanticError extends Error {
  constructor(
    message: string,
    readonly token: IToken,
  ) {
    super(message);
  }
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(['\\])/g, '$1');
}

/** The set of object types an observation's comparisons use (AND must join one type, §9.5). */
function objectTypes(expression: ComparisonExpression): Set<string> {
  if (expression.kind === 'test' || expression.kind === 'exists') return new Set([expression.path.objectType]);
  const out = new Set<string>();
  for (const operand of expression.operands) for (const t of objectTypes(operand)) out.add(t);
  return out;
}

function literal(token: IToken): LiteralValue {
  const text = token.image;
  switch (token.tokenType) {
    case StringLiteral:
      return { type: 'string', value: unquote(text) };
    case IntLiteral: {
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw new PatternSemanticError(`The integer ${text} is too large.`, token);
      return { type: 'int', value };
    }
    case FloatLiteral:
      return { type: 'float', value: Number(text) };
    case BoolLiteral:
      return { type: 'bool', value: text === 'true' };
    case HexLiteral:
      return { type: 'hex', value: text.slice(2, -1).toLowerCase() };
    case BinaryLiteral:
      return { type: 'binary', value: text.slice(2, -1) };
    case TimestampLiteral:
      return { type: 'timestamp', value: text.slice(2, -1) };
    default:
      throw new PatternSemanticError(`Expected a literal, found "${text}".`, token);
  }
}

const ORDERABLE = [IntLiteral, FloatLiteral, StringLiteral, BinaryLiteral, HexLiteral, TimestampLiteral];

class StixPatternParser extends EmbeddedActionsParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  readonly pattern = this.RULE('pattern', (): ObservationExpression => this.SUBRULE(this.followedBy));

  private readonly followedBy = this.RULE('followedBy', (): ObservationExpression => {
    const operands = [this.SUBRULE(this.observationOr)];
    this.MANY(() => {
      this.CONSUME(FollowedBy);
      operands.push(this.SUBRULE2(this.observationOr));
    });
    return single(operands) ?? { kind: 'followedby', operands };
  });

  private readonly observationOr = this.RULE('observationOr', (): ObservationExpression => {
    const operands = [this.SUBRULE(this.observationAnd)];
    this.MANY(() => {
      this.CONSUME(Or);
      operands.push(this.SUBRULE2(this.observationAnd));
    });
    return single(operands) ?? { kind: 'or', operands };
  });

  private readonly observationAnd = this.RULE('observationAnd', (): ObservationExpression => {
    const operands = [this.SUBRULE(this.qualifiedObservation)];
    this.MANY(() => {
      this.CONSUME(And);
      operands.push(this.SUBRULE2(this.qualifiedObservation));
    });
    return single(operands) ?? { kind: 'and', operands };
  });

  private readonly qualifiedObservation = this.RULE('qualifiedObservation', (): ObservationExpression => {
    let expression = this.SUBRULE(this.observation);
    this.MANY(() => {
      const qualifier = this.SUBRULE(this.qualifier);
      expression = { kind: 'qualified', expression, qualifier };
    });
    return expression;
  });

  private readonly observation = this.RULE('observation', (): ObservationExpression =>
    this.OR([
      {
        ALT: () => {
          const open = this.CONSUME(LBrack);
          const comparison = this.SUBRULE(this.comparisonOr);
          this.CONSUME(RBrack);
          this.ACTION(() => {
            checkSameType(comparison, open);
          });
          return { kind: 'observation', comparison } as const;
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          const inner = this.SUBRULE(this.followedBy);
          this.CONSUME(RParen);
          return inner;
        },
      },
    ]),
  );

  private readonly qualifier = this.RULE('qualifier', (): Qualifier =>
    this.OR<Qualifier>([
      {
        ALT: () => {
          this.CONSUME(Within);
          const amount = this.OR2([{ ALT: () => this.CONSUME(IntLiteral) }, { ALT: () => this.CONSUME(FloatLiteral) }]);
          this.CONSUME(Seconds);
          return this.ACTION(() => {
            const seconds = Number(amount.image);
            if (!(seconds > 0) || amount.image.startsWith('-')) {
              throw new PatternSemanticError('WITHIN needs a positive number of seconds.', amount);
            }
            return { kind: 'within', seconds } as const;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Repeats);
          const count = this.CONSUME2(IntLiteral);
          this.CONSUME(Times);
          return this.ACTION(() => {
            const times = Number(count.image);
            if (!Number.isSafeInteger(times) || times <= 0 || count.image.startsWith('-')) {
              throw new PatternSemanticError('REPEATS needs a positive whole number of times.', count);
            }
            return { kind: 'repeats', times } as const;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Start);
          const start = this.CONSUME(TimestampLiteral);
          this.CONSUME(Stop);
          const stop = this.CONSUME2(TimestampLiteral);
          return this.ACTION(() => {
            const from = start.image.slice(2, -1);
            const to = stop.image.slice(2, -1);
            if (Date.parse(from) >= Date.parse(to)) {
              throw new PatternSemanticError('STOP must be later than START.', stop);
            }
            return { kind: 'start-stop', start: from, stop: to } as const;
          });
        },
      },
    ]),
  );

  private readonly comparisonOr = this.RULE('comparisonOr', (): ComparisonExpression => {
    const operands = [this.SUBRULE(this.comparisonAnd)];
    this.MANY(() => {
      this.CONSUME(Or);
      operands.push(this.SUBRULE2(this.comparisonAnd));
    });
    return single(operands) ?? { kind: 'or', operands };
  });

  private readonly comparisonAnd = this.RULE('comparisonAnd', (): ComparisonExpression => {
    const operands = [this.SUBRULE(this.propTest)];
    this.MANY(() => {
      this.CONSUME(And);
      operands.push(this.SUBRULE2(this.propTest));
    });
    return single(operands) ?? { kind: 'and', operands };
  });

  private readonly propTest = this.RULE('propTest', (): ComparisonExpression =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          const inner = this.SUBRULE(this.comparisonOr);
          this.CONSUME(RParen);
          return inner;
        },
      },
      {
        ALT: () => {
          this.CONSUME(Exists);
          const path = this.SUBRULE(this.objectPath);
          return { kind: 'exists', path } as const;
        },
      },
      {
        ALT: () => {
          const path = this.SUBRULE2(this.objectPath);
          let negated = false;
          this.OPTION(() => {
            this.CONSUME(Not);
            negated = true;
          });
          return this.OR2([
            {
              ALT: () => {
                const op = this.OR3([{ ALT: () => this.CONSUME(Eq) }, { ALT: () => this.CONSUME(Neq) }]);
                const value = this.SUBRULE(this.primitiveLiteral);
                return this.test(path, negated, op.tokenType === Eq ? '=' : '!=', value);
              },
            },
            {
              ALT: () => {
                const op = this.OR4([
                  { ALT: () => this.CONSUME(Gt) },
                  { ALT: () => this.CONSUME(Lt) },
                  { ALT: () => this.CONSUME(Ge) },
                  { ALT: () => this.CONSUME(Le) },
                ]);
                const value = this.SUBRULE(this.orderableLiteral);
                return this.test(path, negated, op.image as ComparisonOperator, value);
              },
            },
            {
              ALT: () => {
                this.CONSUME(In);
                const values = this.SUBRULE(this.setLiteral);
                return this.test(path, negated, 'IN', values);
              },
            },
            {
              ALT: () => {
                const op = this.OR5([
                  { ALT: () => this.CONSUME(Like) },
                  { ALT: () => this.CONSUME(Matches) },
                  { ALT: () => this.CONSUME(IsSubset) },
                  { ALT: () => this.CONSUME(IsSuperset) },
                ]);
                const value = this.CONSUME(StringLiteral);
                return this.ACTION(() =>
                  this.test(path, negated, op.image as ComparisonOperator, {
                    type: 'string',
                    value: unquote(value.image),
                  }),
                );
              },
            },
          ]);
        },
      },
    ]),
  );

  private test(
    path: ObjectPath,
    negated: boolean,
    operator: ComparisonOperator,
    value: LiteralValue | readonly LiteralValue[],
  ): ComparisonExpression {
    return { kind: 'test', path, negated, operator, value };
  }

  private readonly objectPath = this.RULE('objectPath', (): ObjectPath => {
    const type = this.CONSUME(Identifier);
    this.CONSUME(Colon);
    const steps: PathStep[] = [];
    const first = this.OR([{ ALT: () => this.CONSUME2(Identifier) }, { ALT: () => this.CONSUME(StringLiteral) }]);
    this.ACTION(() => {
      steps.push(this.propertyStep(first));
    });
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(Dot);
            const key = this.OR3([
              { ALT: () => this.CONSUME3(Identifier) },
              { ALT: () => this.CONSUME2(StringLiteral) },
            ]);
            this.ACTION(() => {
              steps.push(this.propertyStep(key));
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(LBrack);
            const index = this.OR4([{ ALT: () => this.CONSUME(IntLiteral) }, { ALT: () => this.CONSUME(Asterisk) }]);
            this.CONSUME(RBrack);
            this.ACTION(() => {
              if (index.tokenType === Asterisk) steps.push({ kind: 'index', index: '*' });
              else {
                const n = Number(index.image);
                if (!Number.isSafeInteger(n)) throw new PatternSemanticError('The list index is too large.', index);
                steps.push({ kind: 'index', index: n });
              }
            });
          },
        },
      ]);
    });
    return this.ACTION(() => {
      // Object types are lower-case letters, digits and hyphens, 3–250 characters (STIX 2.1 §3.1).
      if (!/^[a-z0-9-]{3,250}$/.test(type.image)) {
        throw new PatternSemanticError(
          `"${type.image}" is not a STIX object type (lower-case letters, digits and hyphens, 3 to 250 characters).`,
          type,
        );
      }
      return { objectType: type.image, steps };
    });
  });

  private propertyStep(token: IToken): PathStep {
    if (token.tokenType === StringLiteral) return { kind: 'property', name: unquote(token.image) };
    if (token.image.includes('-')) {
      throw new PatternSemanticError(
        `The property name "${token.image}" has a hyphen; quote it ('${token.image}').`,
        token,
      );
    }
    return { kind: 'property', name: token.image };
  }

  private readonly setLiteral = this.RULE('setLiteral', (): LiteralValue[] => {
    const values: LiteralValue[] = [];
    this.CONSUME(LParen);
    this.OPTION(() => {
      values.push(this.SUBRULE(this.primitiveLiteral));
      this.MANY(() => {
        this.CONSUME(Comma);
        values.push(this.SUBRULE2(this.primitiveLiteral));
      });
    });
    this.CONSUME(RParen);
    return values;
  });

  private readonly primitiveLiteral = this.RULE('primitiveLiteral', (): LiteralValue =>
    this.OR([
      { ALT: () => this.SUBRULE(this.orderableLiteral) },
      { ALT: () => this.literalOf(this.CONSUME(BoolLiteral)) },
    ]),
  );

  private readonly orderableLiteral = this.RULE('orderableLiteral', (): LiteralValue =>
    this.OR(ORDERABLE.map((token) => ({ ALT: () => this.literalOf(this.CONSUME(token)) }))),
  );

  private literalOf(token: IToken): LiteralValue {
    return this.ACTION(() => literal(token));
  }
}

function checkSameType(comparison: ComparisonExpression, at: IToken): void {
  const check = (expression: ComparisonExpression) => {
    if (expression.kind === 'and') {
      const types = objectTypes(expression);
      if (types.size > 1) {
        throw new PatternSemanticError(
          `Comparisons joined by AND in one observation must use one object type, not ${[...types].join(' and ')} (STIX 2.1 §9.5).`,
          at,
        );
      }
    }
    if (expression.kind === 'and' || expression.kind === 'or') expression.operands.forEach(check);
  };
  check(comparison);
}

let parserInstance: StixPatternParser | undefined;

function positionOf(text: string, offset: number): PatternError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { message: '', offset, line, column };
}

function errorAt(text: string, offset: number, message: string): PatternResult {
  return { ok: false, error: { ...positionOf(text, offset), message } };
}

/** Deepest bracket or parenthesis nesting outside string literals. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === "'") quoted = false;
    } else if (c === "'") quoted = true;
    else if (c === '(' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']') depth--;
  }
  return deepest;
}

/** Parse a STIX 2.1 pattern. Never throws: an invalid pattern is an error with its position. */
export function parseStixPattern(text: string): PatternResult {
  if (text.length > MAX_PATTERN_CHARS) {
    return errorAt(text, MAX_PATTERN_CHARS, `The pattern is longer than ${String(MAX_PATTERN_CHARS)} characters.`);
  }
  if (text.trim() === '') return errorAt(text, 0, 'The pattern is empty.');
  if (nestingDepth(text) > MAX_PATTERN_NESTING) {
    return errorAt(text, 0, `The pattern nests brackets deeper than ${String(MAX_PATTERN_NESTING)} levels.`);
  }
  const lexed = lexer.tokenize(text);
  const lexError = lexed.errors[0];
  if (lexError) {
    const found = text.slice(lexError.offset, lexError.offset + Math.min(lexError.length, 20));
    const hint = found.startsWith("'")
      ? " (an unterminated string, or a backslash before something other than ' or \\)"
      : found.startsWith("t'")
        ? " (timestamps are written t'YYYY-MM-DDThh:mm:ss[.s]Z')"
        : '';
    return errorAt(text, lexError.offset, `Unexpected "${found}"${hint}.`);
  }
  parserInstance ??= new StixPatternParser();
  const parser = parserInstance;
  parser.input = lexed.tokens;
  let ast: ObservationExpression;
  try {
    ast = parser.pattern();
  } catch (error) {
    if (error instanceof PatternSemanticError) return errorAt(text, error.token.startOffset, error.message);
    throw error;
  }
  const syntaxError = parser.errors[0];
  if (syntaxError) {
    const token = syntaxError.token;
    const offset = Number.isNaN(token.startOffset) ? text.length : token.startOffset;
    const found = token.image === '' ? 'end of the pattern' : `"${token.image}"`;
    const literalHint = LITERAL_HINTS[text.slice(offset, offset + 2)];
    if (literalHint) return errorAt(text, offset, `Malformed literal: ${literalHint}.`);
    return errorAt(text, offset, `Unexpected ${found}: ${describeExpectation(syntaxError)}`);
  }
  return { ok: true, ast };
}

/** A prefixed literal the lexer did not accept reaches the parser as a name and a string. */
const LITERAL_HINTS: Readonly<Record<string, string>> = {
  "t'": "timestamps are written t'YYYY-MM-DDThh:mm:ss[.fraction]Z' with a valid date and time",
  "h'": "hex literals are written h'…' with pairs of hex digits",
  "b'": "binary literals are written b'…' in padded base64",
};

/** Chevrotain's messages name tokens; say what the analyst would write instead. */
function describeExpectation(error: { readonly name: string; readonly message: string }): string {
  if (error.name === 'NotAllInputParsedException') {
    return 'expected AND, OR, FOLLOWEDBY, a qualifier (WITHIN, REPEATS, START) or the end of the pattern.';
  }
  const names: string[] = [];
  // "Expecting token of type --> RBrack <-- …" or "one of these possible Token sequences: 1. [LBrack] 2. [Identifier, Colon]".
  for (const match of error.message.matchAll(/-->\s*(\w+)\s*<--|\d+\.\s*\[(\w+)/g)) {
    const name = match[1] ?? match[2];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  const words = names.map((name) => TOKEN_WORDS[name] ?? name);
  if (words.length === 0) return 'the pattern is not valid STIX here.';
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
  return `expected ${list ?? ''}.`;
}

const TOKEN_WORDS: Readonly<Record<string, string>> = {
  LBrack: '[',
  RBrack: ']',
  LParen: '(',
  RParen: ')',
  Colon: ':',
  Dot: '.',
  Comma: ',',
  Asterisk: '*',
  Eq: '=',
  Neq: '!=',
  Gt: '>',
  Lt: '<',
  Ge: '>=',
  Le: '<=',
  Identifier: 'a name',
  StringLiteral: "a 'string'",
  IntLiteral: 'an integer',
  FloatLiteral: 'a number',
  BoolLiteral: 'true or false',
  HexLiteral: "h'…'",
  BinaryLiteral: "b'…'",
  TimestampLiteral: "t'…Z'",
};

// ---------------------------------------------------------------------------------------------------
// Writing patterns

/** A STIX string literal: quoted, with \ and ' escaped (§9.3). */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The property path as STIX writes it: `hashes.'SHA-256'`, `values[*].name`. */
export function formatPath(path: ObjectPath): string {
  let out = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.kind === 'index') out += `[${String(step.index)}]`;
    else {
      const plain = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(step.name);
      out += (i === 0 ? '' : '.') + (plain ? step.name : stixString(step.name));
    }
  });
  return out;
}

/** The equality tests (`path = literal`, `path IN (…)`, not negated) an observation expression asserts. */
export function equalityTests(
  ast: ObservationExpression,
): { readonly path: ObjectPath; readonly value: LiteralValue }[] {
  const out: { path: ObjectPath; value: LiteralValue }[] = [];
  const comparison = (c: ComparisonExpression) => {
    if (c.kind === 'and' || c.kind === 'or') c.operands.forEach(comparison);
    else if (c.kind === 'test' && !c.negated) {
      if (c.operator === '=' && !Array.isArray(c.value)) out.push({ path: c.path, value: c.value as LiteralValue });
      else if (c.operator === 'IN' && Array.isArray(c.value)) {
        for (const value of c.value as readonly LiteralValue[]) out.push({ path: c.path, value });
      }
    }
  };
  const observation = (o: ObservationExpression) => {
    if (o.kind === 'observation') comparison(o.comparison);
    else if (o.kind === 'qualified') observation(o.expression);
    else o.operands.forEach(observation);
  };
  observation(ast);
  return out;
}
