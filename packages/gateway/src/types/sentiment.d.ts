// Minimal typings for sentiment (AFINN-165 word ratings), covering only what
// providers/local-afinn.ts uses.
declare module "sentiment" {
  namespace Sentiment {
    interface AnalysisResult {
      /** Sum of the AFINN ratings (-5..5) of the words found. */
      score: number;
      /** `score` divided by the number of tokens. */
      comparative: number;
      tokens: string[];
      /** The rated words found, and which of them were positive or negative. */
      words: string[];
      positive: string[];
      negative: string[];
    }
  }
  class Sentiment {
    analyze(text: string): Sentiment.AnalysisResult;
  }
  export = Sentiment;
}
