// Validates a tabular data package with the Frictionless Data's JavaScript
// library (npm datapackage): the descriptor, then every resource's rows,
// cast to their field types, with their constraints and foreign keys. It
// prints one line per problem and exits 1 when there is any.
// Usage: NODE_PATH=<dir>/node_modules node validate.js <package folder>
'use strict';
const path = require('path');
const {Package} = require('datapackage');

(async () => {
  const dir = process.argv[2];
  const problems = [];
  const pkg = await Package.load(path.join(dir, 'datapackage.json'), {basePath: dir, strict: false});
  if (!pkg.valid) {
    for (const e of pkg.errors) problems.push('datapackage.json: ' + e.message);
  }
  for (const resource of pkg.resources) {
    if (!resource.valid) {
      for (const e of resource.errors) problems.push(resource.name + ': ' + e.message);
      continue;
    }
    let rows = 0;
    try {
      const all = await resource.read({relations: true, forceCast: true});
      all.forEach((row, i) => {
        rows++;
        if (row instanceof Error) {
          const detail = (row.errors || []).map((e) => e.message).join('; ');
          problems.push(`${resource.descriptor.path} row ${i + 2}: ${row.message}${detail ? ': ' + detail : ''}`);
        }
      });
    } catch (e) {
      problems.push(`${resource.descriptor.path}: ${e.message}${e.errors ? ': ' + e.errors.map((x) => x.message).join('; ') : ''}`);
    }
    console.log(`${resource.name}: ${rows} rows read`);
  }
  for (const p of problems.slice(0, 200)) console.log('PROBLEM ' + p);
  process.exit(problems.length ? 1 : 0);
})().catch((e) => {
  console.log('PROBLEM ' + (e.stack || e));
  process.exit(1);
});
