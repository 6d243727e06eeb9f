// Entry of the renderer: choose the transport (desktop bridge or browser-mode socket), then mount.
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { useTransport } from './api/client.js'
import { connectTransport } from './api/connect.js'
import { createAppRouter } from './router.js'
import './styles.css'

useTransport(connectTransport(window))
createApp(App).use(createPinia()).use(createAppRouter()).mount('#app')
