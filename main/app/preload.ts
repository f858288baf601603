import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('locard', {});
