import { authorV1 } from './author-v1';
import { authorV2 } from './author-v2';
import type { PromptVersion } from './prompt-version';

/** Every prompt version ever shipped, by id; stored workflows name one of these. */
export const promptVersions: Readonly<Record<string, PromptVersion>> = {
  [authorV1.id]: authorV1,
  [authorV2.id]: authorV2,
};

/** The version new conversations turns use. */
export const currentPrompt: PromptVersion = authorV2;

export type { PromptContext, PromptVersion } from './prompt-version';
