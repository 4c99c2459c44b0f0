/**
 * Files posdb makes outside a shop's own file and as private as it: copies and the files beside them
 * created with the database's permissions or stricter ({@code PrivateFiles}), and private temporary
 * folders that live as long as the work that made them, however its process ends ({@code TemporaryFolder}).
 * The bottom layer: it imports nothing of posdb's, so the connection layer's read that writes nothing
 * ({@code io.posdb.database}) makes its private copy with the same folders and modes as a rehearsal's.
 */
package io.posdb.files;
