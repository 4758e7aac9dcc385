/** What the faces of the CA (console, REST, enrollment) may ask of the core. */
package dev.pca.application;
