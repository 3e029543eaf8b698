"""The GraphQL the effect tests send."""

GROUP = """fragment G on EffectGroup { members newTies newCrossTeamTies newTiesPerMember newCrossTeamTiesPerMember
  kpis { targetId kpi label measurable members before after change note } }"""
EFFECT = """query($id: ID!, $asOf: Date) { proposalSet(id: $id) { effect(asOf: $asOf) {
  publishedOn asOf accepted others comparable tooFew summary
  aims { targetId kpi label scope { kind id } scopeName target predicted measurable }
  windows { kind days startsOn endsOn over accepted { ...G } others { ...G } }
} } }""" + GROUP
EFFECT_ONLY = "query($id: ID!, $asOf: Date) { proposalSet(id: $id) { effect(asOf: $asOf) { accepted summary } } }"
AIMED_RUNS = """query($first: Int!, $asOf: Date) { kpiTargets { id aimedRuns(first: $first, asOf: $asOf) {
  setId kind publishedOn members summary effect { accepted others comparable } } } }"""
