// Minimal typings for vader-sentiment (a JavaScript port of VADER, Hutto & Gilbert 2014), covering
// only what providers/local-vader.ts uses.
declare module "vader-sentiment" {
  export interface PolarityScores {
    neg: number;
    neu: number;
    pos: number;
    compound: number;
  }
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): PolarityScores;
  };
}
