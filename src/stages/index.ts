export * from './stages';
export * from './platform';
export * from './assemble';
