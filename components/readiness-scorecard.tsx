import type { CheckState } from "@/lib/readiness/checks";
import type { Scorecard } from "@/lib/readiness";
import { timeLabel } from "@/lib/format/time";

const STATE: Record<CheckState, { text: string; tone: string }> = {
  pass: { text: "pass", tone: "bg-emerald-100 text-emerald-800" },
  fail: { text: "fail", tone: "bg-red-100 text-red-800" },
  unknown: { text: "unknown", tone: "bg-amber-100 text-amber-900" },
  na: { text: "n/a", tone: "bg-slate-100 text-slate-600" },
};

/** A cluster's readiness checks: each one's state, the evidence behind it and, when it does not pass, the fix. */
export function ReadinessScorecard({ card }: { card: Scorecard }) {
  const { score } = card;
  return (
    <section className="space-y-3" data-testid="readiness">
      <p className="text-sm" data-testid="readiness-score">
        <span className="text-lg font-semibold tabular-nums">
          {score.passed} of {score.applicable}
        </span>{" "}
        checks pass{score.failed ? `, ${score.failed} fail` : ""}
        {score.unknown ? `, ${score.unknown} could not be read` : ""} · read {timeLabel(card.readAt)}
      </p>
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
        {card.checks.map((c) => (
          <li key={c.id} data-check={c.id} data-state={c.state} className="flex gap-3 px-3 py-2 text-sm">
            <span className={`h-fit rounded px-1.5 py-0.5 text-xs font-medium ${STATE[c.state].tone}`}>{STATE[c.state].text}</span>
            <div className="min-w-0">
              <p className="font-medium">{c.title}</p>
              <p className="text-slate-600">{c.evidence}</p>
              {c.secondOpinion && (
                <p data-testid="second-opinion" className={`text-xs ${c.secondOpinion.agrees === false ? "text-amber-800" : "text-slate-500"}`}>
                  <span className="font-medium">Second opinion, {c.secondOpinion.source}: </span>
                  {c.secondOpinion.text}
                  {c.secondOpinion.permission && ` Grant ${c.secondOpinion.permission} to the dashboard's role to see it.`}
                </p>
              )}
              {c.state !== "pass" && c.state !== "na" && c.fix && (
                <p className="text-slate-800">
                  <span className="text-xs uppercase text-slate-500">Fix: </span>
                  <code className="text-xs">{c.fix}</code>
                </p>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
