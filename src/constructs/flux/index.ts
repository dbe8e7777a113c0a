export * from './stage-kustomization';
