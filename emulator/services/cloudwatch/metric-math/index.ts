export { MathError, parseExpression, references, type MathContext, type MathValue, type Series } from "./parse";
export { evaluate, toSeries } from "./evaluate";
