// typedoc writes one folder per entry point; API.md at the root is its index with links rebased into docs/api.
const fs = require('fs');

const index = fs.readFileSync('docs/api/API.md', 'utf-8');
fs.writeFileSync('API.md', index.replace(/\]\((?!https?:|#)([^)]+)\)/g, '](docs/api/$1)'));
