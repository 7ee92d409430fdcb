import { AwsError } from "../../protocols/errors";
import { isStat, page, str, validPeriod, type Input } from "./input";
import type { CloudWatchState } from "./state";

/**
 * CloudWatch dashboards (routed from ./index.ts): PutDashboard, GetDashboard, ListDashboards.
 * Dashboards are global in AWS, so the Region of the call does not matter; they are kept per
 * account (the caller's). PutDashboard checks the body the way CloudWatch does: a body that is not
 * a JSON object with a `widgets` array, or a widget that does not fit the 24-column grid or lacks
 * what its type needs, is refused with InvalidParameterInput (DashboardInvalidInputError) listing
 * each problem as {DataPath, Message}.
 *
 * Simplifications: the checks cover the structure, the grid, the metric arrays and the properties
 * each widget type needs, not every rendering option (colours, legends, variables, live data are
 * accepted as sent); the messages follow the wording CloudWatch's schema validator uses but are
 * ours; a widget without x/y is accepted (CloudWatch places it) and never moved; Tags are accepted
 * and not kept; DeleteDashboards is not emulated.
 */

const NAME = /^[A-Za-z0-9_-]+$/;
const WIDGET_TYPES = ["metric", "text", "alarm", "log", "explorer"];
const VIEWS = ["timeSeries", "singleValue", "gauge", "bar", "pie", "table"];
/** An id in a metric's options, as metric math names it. */
const METRIC_ID = /^[a-z][a-zA-Z0-9_]*$/;
const GRID_COLUMNS = 24;
const MAX_WIDGETS = 500;
/** Each widget's default size on CloudWatch's grid. */
const DEFAULT_SIZE = 6;
/** ListDashboards answers at most this many a call. */
const PAGE_SIZE = 1000;
/** At most this many messages are listed: a body can be wrong in many places at once. */
const MAX_MESSAGES = 100;

export interface ValidationMessage {
  DataPath: string;
  Message: string;
}

const arnOf = (account: string, name: string) => `arn:aws:cloudwatch::${account}:dashboard/${name}`;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const invalidInput = (message: string, messages: ValidationMessage[] = []) => {
  const err = new AwsError("InvalidParameterInput", message, 400, { dashboardValidationMessages: messages });
  err.shape = "DashboardInvalidInputError";
  return err;
};

function dashboardName(input: Input): string {
  const name = str(input.DashboardName, "DashboardName", { required: true })!;
  if (name.length > 255) throw invalidInput("The value for field DashboardName must be at most 255 characters long.");
  if (!NAME.test(name)) throw invalidInput("The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).");
  return name;
}

/** Collects the problems of one dashboard body, each at its JSON pointer (`/widgets/0/width`). */
class Checker {
  readonly messages: ValidationMessage[] = [];

  add(path: string, message: string) {
    this.messages.push({ DataPath: path, Message: message });
  }

  /** An integer within [min, max], when present. */
  integer(v: unknown, path: string, min: number, max: number): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) return void this.add(path, "Should be integer");
    if (v < min) return void this.add(path, `Should be >= ${min}`);
    if (v > max) return void this.add(path, `Should be <= ${max}`);
    return v;
  }

  string(v: unknown, path: string, required: boolean, property: string, parent: string): string | undefined {
    if (v === undefined) return void (required && this.add(parent, `Should have required property '${property}'`));
    if (typeof v !== "string") return void this.add(path, "Should be string");
    return v;
  }

  oneOf(v: unknown, path: string, allowed: string[]) {
    if (v !== undefined && (typeof v !== "string" || !allowed.includes(v))) this.add(path, `Should be equal to one of the allowed values: ${allowed.join(", ")}`);
  }

  stat(v: unknown, path: string) {
    if (v !== undefined && (typeof v !== "string" || !isStat(v))) this.add(path, "Invalid stat: use SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99");
  }

  period(v: unknown, path: string) {
    if (v !== undefined && (typeof v !== "number" || !validPeriod(v))) this.add(path, "The period must be 1, 5, 10, 20, 30 or a multiple of 60 seconds");
  }

  widget(w: unknown, path: string) {
    if (!isObject(w)) return this.add(path, "Should be object");
    this.oneOf(w.type, `${path}/type`, WIDGET_TYPES);
    if (w.type === undefined) this.add(path, "Should have required property 'type'");
    const x = this.integer(w.x, `${path}/x`, 0, GRID_COLUMNS - 1);
    this.integer(w.y, `${path}/y`, 0, Number.MAX_SAFE_INTEGER);
    const width = this.integer(w.width, `${path}/width`, 1, GRID_COLUMNS);
    this.integer(w.height, `${path}/height`, 1, 1000);
    if (x !== undefined && x + (width ?? DEFAULT_SIZE) > GRID_COLUMNS) this.add(`${path}/width`, `The widget does not fit the ${GRID_COLUMNS}-column grid: x + width must be <= ${GRID_COLUMNS}`);
    const props = w.properties;
    if (props === undefined) return this.add(path, "Should have required property 'properties'");
    if (!isObject(props)) return this.add(`${path}/properties`, "Should be object");
    const at = `${path}/properties`;
    switch (w.type) {
      case "metric":
        return this.metricProperties(props, at);
      case "text":
        return void this.string(props.markdown, `${at}/markdown`, true, "markdown", at);
      case "alarm":
        if (!Array.isArray(props.alarms)) return this.add(props.alarms === undefined ? at : `${at}/alarms`, props.alarms === undefined ? "Should have required property 'alarms'" : "Should be array");
        return props.alarms.forEach((a, i) => this.string(a, `${at}/alarms/${i}`, true, "alarms", at));
      case "log":
        this.string(props.query, `${at}/query`, true, "query", at);
        return void this.string(props.region, `${at}/region`, true, "region", at);
      case "explorer":
        if (!Array.isArray(props.metrics)) this.add(props.metrics === undefined ? at : `${at}/metrics`, props.metrics === undefined ? "Should have required property 'metrics'" : "Should be array");
    }
  }

  metricProperties(props: Record<string, unknown>, at: string) {
    this.string(props.region, `${at}/region`, true, "region", at);
    this.oneOf(props.view, `${at}/view`, VIEWS);
    this.stat(props.stat, `${at}/stat`);
    this.period(props.period, `${at}/period`);
    if (props.stacked !== undefined && typeof props.stacked !== "boolean") this.add(`${at}/stacked`, "Should be boolean");
    const metrics = props.metrics;
    if (metrics === undefined) this.add(at, "Should have required property 'metrics'");
    else if (!Array.isArray(metrics)) this.add(`${at}/metrics`, "Should be array");
    else if (metrics.length > 500) this.add(`${at}/metrics`, "Should NOT have more than 500 items");
    else metrics.forEach((m, i) => this.metricRow(m, `${at}/metrics/${i}`, i));
    const horizontal = isObject(props.annotations) ? props.annotations.horizontal : undefined;
    if (props.annotations !== undefined && !isObject(props.annotations)) this.add(`${at}/annotations`, "Should be object");
    if (horizontal !== undefined) {
      if (!Array.isArray(horizontal)) this.add(`${at}/annotations/horizontal`, "Should be array");
      else
        horizontal.forEach((a, i) => {
          const p = `${at}/annotations/horizontal/${i}`;
          if (!isObject(a)) return this.add(p, "Should be object");
          if (a.value === undefined) this.add(p, "Should have required property 'value'");
          else if (typeof a.value !== "number") this.add(`${p}/value`, "Should be number");
        });
    }
  }

  /**
   * One row of `metrics`: [Namespace, MetricName, DimensionName, DimensionValue, …, {options}]
   * ("." repeats the row above), or [{expression, id, label…}] for metric math.
   */
  metricRow(row: unknown, path: string, index: number) {
    if (!Array.isArray(row)) return this.add(path, "Should be array");
    if (!row.length) return this.add(path, "Should NOT have fewer than 1 items");
    const last = row[row.length - 1];
    const options = isObject(last) ? last : undefined;
    const fields = options ? row.slice(0, -1) : row;
    fields.forEach((f, i) => {
      if (typeof f !== "string") this.add(`${path}/${i}`, 'Invalid metric field type, only "String" type is allowed');
      else if (f === "." && index === 0) this.add(`${path}/${i}`, 'The "." shorthand repeats the row above: the first row has none');
    });
    if (options) {
      const o = `${path}/${row.length - 1}`;
      if (options.expression !== undefined) {
        if (typeof options.expression !== "string" || !options.expression.trim()) this.add(`${o}/expression`, "Should be a non-empty string");
        if (fields.length) this.add(path, "A metric math expression must be the only field of its row");
      }
      if (options.id !== undefined && (typeof options.id !== "string" || !METRIC_ID.test(options.id))) this.add(`${o}/id`, `Should match pattern "${METRIC_ID.source}"`);
      this.stat(options.stat, `${o}/stat`);
      this.period(options.period, `${o}/period`);
      this.oneOf(options.yAxis, `${o}/yAxis`, ["left", "right"]);
      if (options.visible !== undefined && typeof options.visible !== "boolean") this.add(`${o}/visible`, "Should be boolean");
      if (options.expression !== undefined) return;
    }
    if (fields.length < 2) this.add(path, "A metric needs at least a namespace and a metric name");
    else if (fields.length % 2 !== 0) this.add(path, "Dimensions must come in name and value pairs");
  }
}

/** The problems of a dashboard body, CloudWatch's way; none for a body it accepts. */
export function validateDashboardBody(body: string): ValidationMessage[] {
  const c = new Checker();
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return [{ DataPath: "", Message: "The field DashboardBody must be a valid JSON object" }];
  }
  if (!isObject(doc)) return [{ DataPath: "", Message: "Should be object" }];
  if (doc.widgets === undefined) c.add("", "Should have required property 'widgets'");
  else if (!Array.isArray(doc.widgets)) c.add("/widgets", "Should be array");
  else if (doc.widgets.length > MAX_WIDGETS) c.add("/widgets", `Should NOT have more than ${MAX_WIDGETS} items`);
  else doc.widgets.forEach((w, i) => c.widget(w, `/widgets/${i}`));
  return c.messages.slice(0, MAX_MESSAGES);
}

export function putDashboard(cw: CloudWatchState, input: Input, _region: string, account: string) {
  const name = dashboardName(input);
  const body = str(input.DashboardBody, "DashboardBody", { required: true })!;
  const messages = validateDashboardBody(body);
  if (messages.length) {
    const listed = JSON.stringify(messages.map((m) => ({ dataPath: m.DataPath, message: m.Message })));
    throw invalidInput(`The dashboard body is invalid, there are ${messages.length} validation errors: ${listed}`, messages);
  }
  cw.dashboards(account).set(name, { name, body, lastModifiedMs: cw.clock.now() });
  return { DashboardValidationMessages: [] };
}

export function getDashboard(cw: CloudWatchState, input: Input, _region: string, account: string) {
  const name = dashboardName(input);
  const d = cw.dashboards(account).get(name);
  if (!d) {
    const err = new AwsError("ResourceNotFound", `Dashboard ${name} does not exist`, 404);
    err.shape = "DashboardNotFoundError";
    throw err;
  }
  return { DashboardArn: arnOf(account, name), DashboardBody: d.body, DashboardName: name };
}

export function listDashboards(cw: CloudWatchState, input: Input, _region: string, account: string) {
  const prefix = str(input.DashboardNamePrefix, "DashboardNamePrefix", { max: 255 });
  const matches = [...cw.dashboards(account).values()].filter((d) => prefix === undefined || d.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const p = page(matches, input.NextToken, PAGE_SIZE, JSON.stringify({ prefix }));
  return {
    DashboardEntries: p.items.map((d) => ({ DashboardName: d.name, DashboardArn: arnOf(account, d.name), LastModified: new Date(d.lastModifiedMs), Size: Buffer.byteLength(d.body) })),
    NextToken: p.next,
  };
}
