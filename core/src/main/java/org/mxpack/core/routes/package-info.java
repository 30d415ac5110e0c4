/**
 * Recipient routes: the one {@link org.mxpack.core.routes.RouteResolver} port shared by the RCPT TO
 * check and the routing mailets, the typed {@link org.mxpack.core.routes.Route}, the relay domains of
 * mxpack.xml and the offline resolver of {@code mxpack check}. The James implementation (DomainList,
 * UsersRepository, RecipientRewriteTable) lives in james-common.
 */
package org.mxpack.core.routes;
