// Placeholder for a command whose feature has not been built yet: it must fail loudly, never pretend.
const [command, feature] = process.argv.slice(2);
console.error(`npm run ${command}: not built yet (${feature}).`);
process.exit(1);
