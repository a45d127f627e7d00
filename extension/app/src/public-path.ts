import { pageOption } from "./page-option.js";

declare let __webpack_public_path__: string;

// The server decides where this app's files are (/static/<server extension name>/ under its base
// URL); webpack loads every later chunk from there. Webpack rewrites this assignment to a free
// variable, which therefore cannot be a const.
// eslint-disable-next-line prefer-const
__webpack_public_path__ = `${String(pageOption("fullStaticUrl") ?? "")}/`;
