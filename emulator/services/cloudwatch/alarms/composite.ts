import { AwsError } from "../../../protocols/errors";
import { bool, invalidValue, list, parseTags, str, type Input } from "../input";
import { alarmArn, type AlarmScope, type AlarmState, type Alarms, type CompositeRecord, type Rule } from "./model";

/**
 * Composite alarms (PutCompositeAlarm): a rule over other alarms' states, such as
 * `ALARM("a") OR ALARM("b")`, in CloudWatch's grammar (ALARM, OK, INSUFFICIENT_DATA of an alarm
 * name or ARN, TRUE, FALSE, AND, OR, NOT, parentheses). The composite is in ALARM while its rule
 * holds and OK otherwise; it is evaluated whenever alarms are read, from its children's current
 * states, and runs its actions on each change like a metric alarm. Simplifications: no
 * ActionsSuppressor, and deleting a child a rule names is not refused.
 */

const ruleError = (message: string) => invalidValue(`Error in AlarmRule: ${message}`);

/** Parses a rule; throws CloudWatch's validation error on bad syntax. */
export function parseRule(text: string): Rule {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i]?.toUpperCase();
  const expect = (t: string) => {
    if (tokens[i] !== t) throw ruleError(`expected '${t}' at token ${i + 1}${tokens[i] ? ` ('${tokens[i]}')` : " (end of rule)"}`);
    i++;
  };
  const expr = (): Rule => {
    const parts = [term()];
    while (peek() === "OR") {
      i++;
      parts.push(term());
    }
    return parts.length === 1 ? parts[0] : { kind: "or", of: parts };
  };
  const term = (): Rule => {
    const parts = [factor()];
    while (peek() === "AND") {
      i++;
      parts.push(factor());
    }
    return parts.length === 1 ? parts[0] : { kind: "and", of: parts };
  };
  const factor = (): Rule => {
    const t = peek();
    if (t === undefined) throw ruleError("the rule ends too early");
    if (t === "NOT") {
      i++;
      return { kind: "not", of: factor() };
    }
    if (t === "(") {
      i++;
      const inner = expr();
      expect(")");
      return inner;
    }
    if (t === "TRUE" || t === "FALSE") {
      i++;
      return { kind: "const", value: t === "TRUE" };
    }
    if (t === "ALARM" || t === "OK" || t === "INSUFFICIENT_DATA") {
      i++;
      expect("(");
      const raw = tokens[i++];
      if (!raw || raw === ")") throw ruleError(`${t}() needs an alarm name or ARN`);
      expect(")");
      const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
      // An ARN names the alarm after "alarm:".
      return { kind: "state", state: t, alarm: name.startsWith("arn:aws:cloudwatch:") ? name.slice(name.indexOf(":alarm:") + 7) : name };
    }
    throw ruleError(`unexpected '${tokens[i]}' at token ${i + 1}`);
  };
  const rule = expr();
  if (i < tokens.length) throw ruleError(`unexpected '${tokens[i]}' at token ${i + 1}`);
  return rule;
}

const namesIn = (r: Rule): string[] => (r.kind === "state" ? [r.alarm] : r.kind === "not" ? namesIn(r.of) : r.kind === "const" ? [] : r.of.flatMap(namesIn));

function holds(r: Rule, stateOf: (name: string) => AlarmState | undefined): boolean {
  switch (r.kind) {
    case "state":
      return stateOf(r.alarm) === r.state;
    case "const":
      return r.value;
    case "not":
      return !holds(r.of, stateOf);
    case "and":
      return r.of.every((x) => holds(x, stateOf));
    case "or":
      return r.of.some((x) => holds(x, stateOf));
  }
}

export function putCompositeAlarm(alarms: Alarms, input: Input, at: AlarmScope) {
  const name = str(input.AlarmName, "AlarmName", { required: true, max: 255 })!;
  const text = str(input.AlarmRule, "AlarmRule", { required: true, max: 10_240 })!;
  const rule = parseRule(text);
  const r = alarms.scope(at);
  const known = (n: string) => r.alarms.has(n) || (r.composites.has(n) && n !== name);
  const missing = [...new Set(namesIn(rule))].filter((n) => !known(n));
  if (missing.length) throw new AwsError("ValidationError", `Could not save the composite alarm as alarms [${missing.join(", ")}] in the alarm rule do not exist`, 400);
  const strings = (field: string) => {
    const arns = list(input[field], field).map((v, i) => str(v, `${field}.member.${i + 1}`, { required: true })!);
    if (arns.length > 5) throw invalidValue(`The collection ${field} must not have more than 5 members.`);
    return arns;
  };
  const now = alarms.now();
  const existing = r.composites.get(name);
  const config = {
    AlarmName: name,
    AlarmDescription: str(input.AlarmDescription, "AlarmDescription", { max: 1024 }),
    AlarmRule: text,
    ActionsEnabled: bool(input.ActionsEnabled, "ActionsEnabled", true),
    OKActions: strings("OKActions"),
    AlarmActions: strings("AlarmActions"),
    InsufficientDataActions: strings("InsufficientDataActions"),
  };
  const tags = parseTags(input.Tags);
  r.composites.set(name, {
    config,
    rule,
    arn: alarmArn(at, name),
    tags: existing ? [...existing.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags] : tags,
    state: existing?.state ?? "INSUFFICIENT_DATA",
    reason: existing?.reason ?? "Unchecked: Initial alarm creation",
    stateUpdatedMs: existing?.stateUpdatedMs ?? now,
    configUpdatedMs: now,
  });
  alarms.record(at, {
    AlarmName: name,
    AlarmType: "CompositeAlarm",
    Timestamp: new Date(now),
    HistoryItemType: "ConfigurationUpdate",
    HistorySummary: `Alarm "${name}" ${existing ? "updated" : "created"}`,
    HistoryData: JSON.stringify({ version: "1.0", type: existing ? "Update" : "Create", alarmRule: text }),
  });
  return {};
}

/** Brings every composite of a Region up to its children's current states (metric alarms first, then composites in name order). */
export function currentComposites(alarms: Alarms, at: AlarmScope): CompositeRecord[] {
  const metric = new Map(alarms.current(at).map((a) => [a.config.AlarmName, a]));
  const composites = [...alarms.scope(at).composites.values()].sort((a, b) => a.config.AlarmName.localeCompare(b.config.AlarmName));
  const stateOf = (n: string) => metric.get(n)?.state ?? alarms.scope(at).composites.get(n)?.state;
  for (const c of composites) {
    const next: AlarmState = holds(c.rule, stateOf) ? "ALARM" : "OK";
    if (next === c.state) continue;
    // The change happened when the newest child it names last changed.
    const children = namesIn(c.rule).map((n) => metric.get(n)?.stateUpdatedMs ?? 0);
    const t = Math.max(c.configUpdatedMs, ...children);
    const previous = c.state;
    const triggering = namesIn(c.rule).filter((n) => stateOf(n) === "ALARM");
    c.reason = next === "ALARM" ? `${alarmArn(at, triggering[0] ?? c.config.AlarmName)} transitioned to ALARM` : "The alarm rule no longer holds";
    c.reasonData = JSON.stringify({ triggeringAlarms: triggering.map((n) => ({ arn: alarmArn(at, n), state: { value: stateOf(n) } })) });
    alarms.record(at, {
      AlarmName: c.config.AlarmName,
      AlarmType: "CompositeAlarm",
      Timestamp: new Date(t),
      HistoryItemType: "StateUpdate",
      HistorySummary: `Alarm updated from ${previous} to ${next}`,
      HistoryData: JSON.stringify({ version: "1.0", oldState: { stateValue: previous }, newState: { stateValue: next, stateReason: c.reason } }),
    });
    c.state = next;
    c.stateUpdatedMs = t;
    if (c.config.ActionsEnabled) alarms.runActions(at, c, previous, t, "CompositeAlarm");
  }
  return composites;
}

/** A composite alarm as DescribeAlarms shows it. */
export function compositeView(c: CompositeRecord) {
  return {
    ...c.config,
    AlarmArn: c.arn,
    AlarmConfigurationUpdatedTimestamp: new Date(c.configUpdatedMs),
    StateValue: c.state,
    StateReason: c.reason,
    StateReasonData: c.reasonData,
    StateUpdatedTimestamp: new Date(c.stateUpdatedMs),
    StateTransitionedTimestamp: new Date(c.stateUpdatedMs),
  };
}
