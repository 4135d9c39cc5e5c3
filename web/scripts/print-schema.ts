// Prints the GraphQL schema as SDL to web/schema.graphql, the input of `npm run codegen`.
import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../../schema/index.ts';

const out = new URL('../schema.graphql', import.meta.url);
writeFileSync(out, printSchema(lexicographicSortSchema(schema)) + '\n');
console.error(`wrote ${out.pathname}`);
