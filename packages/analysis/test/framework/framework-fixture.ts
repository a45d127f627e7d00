/** A small valid framework as plain JSON, for tests to copy and break. */
export function sampleFramework(): Record<string, unknown> {
  return {
    discernus_framework: 1,
    name: "Sample",
    version: "1.0.0",
    description: "Two dimensions for tests.",
    instructions: "Read the text, then score it.",
    dimensions: [
      {
        id: "anti_elitism",
        name: "Anti-elitism",
        definition: "Elites portrayed as a corrupt group acting against the people.",
        scale: { min: 0, max: 2, step: 1 },
        anchors: { "0": "absent", "1": "present", "2": "central" },
        lexicon: { positive: ["the establishment"], negative: ["my respected colleague"] },
      },
      {
        id: "tone",
        name: "Tone",
        definition: "How heated the text is.",
        scale: ["calm", "moderate", "heated"],
        anchors: { calm: "no heat", heated: "outrage throughout" },
        evidence: false,
      },
      {
        id: "valence",
        name: "Valence",
        definition: "How pleasant the expressed affect is.",
        scale: { min: -1, max: 1 },
        anchors: { "-1": "very negative", "0": "neutral", "1": "very positive" },
        lexicon: ["wonderful", "terrible"],
      },
    ],
  };
}
