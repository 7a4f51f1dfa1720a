/** Progress lines for humans (CLIs) or loggers (tests); services never print on their own. */
export type ProgressLog = (line: string) => void;
